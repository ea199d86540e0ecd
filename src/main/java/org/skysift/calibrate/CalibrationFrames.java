package org.skysift.calibrate;

/**
 * Master calibration frames, each optional (null), all the image's shape.
 *
 * @param darkExposure exposure time (s) of the dark frame, so it can be scaled to the science exposure
 */
public record CalibrationFrames(int width, int height, float[] bias, float[] dark, double darkExposure, float[] flat) {

    public boolean isEmpty() {
        return bias == null && dark == null && flat == null;
    }
}
