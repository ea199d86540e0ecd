package org.skysift.calibrate;

import java.util.Arrays;

/**
 * Classic CCD reduction: (raw - bias - dark * t_science / t_dark) / (flat / median(flat)).
 * Pixels where the normalised flat is not positive become NaN (masked), never infinities.
 */
public final class CcdCalibration {
    private CcdCalibration() {}

    /**
     * Calibrates in place.
     *
     * @param exposure science exposure in seconds (used only with a dark); NaN when unknown
     * @throws CalibrationException when a frame's shape differs or a dark cannot be scaled
     */
    public static void apply(float[] image, int width, int height, double exposure, CalibrationFrames f) {
        if (f == null || f.isEmpty()) {
            return;
        }
        if (f.width() != width || f.height() != height) {
            throw new CalibrationException("calibration frames are " + f.width() + "x" + f.height()
                    + " but the image is " + width + "x" + height);
        }
        double darkScale = 0;
        if (f.dark() != null) {
            if (!(exposure >= 0) || !(f.darkExposure() > 0)) {
                throw new CalibrationException("dark frame needs exposure times: image EXPTIME=" + exposure
                        + ", dark EXPTIME=" + f.darkExposure());
            }
            darkScale = exposure / f.darkExposure();
        }
        float[] flatNorm = f.flat() == null ? null : normalised(f.flat());
        for (int i = 0; i < image.length; i++) {
            double v = image[i];
            if (f.bias() != null) {
                v -= f.bias()[i];
            }
            if (f.dark() != null) {
                v -= darkScale * f.dark()[i];
            }
            if (flatNorm != null) {
                float fl = flatNorm[i];
                v = fl > 0 ? v / fl : Double.NaN;
            }
            image[i] = (float) v;
        }
    }

    /**
     * Where a raw level (such as the saturation level) lands after calibration, taken at the frames'
     * medians: bias and scaled dark subtracted; the normalised flat has median 1.
     */
    public static double calibratedLevel(double raw, double exposure, CalibrationFrames f) {
        if (f == null || !Double.isFinite(raw)) {
            return raw;
        }
        double v = raw;
        if (f.bias() != null) {
            v -= median(f.bias());
        }
        if (f.dark() != null && f.darkExposure() > 0 && exposure >= 0) {
            v -= exposure / f.darkExposure() * median(f.dark());
        }
        return v;
    }

    private static double median(float[] a) {
        float[] c = a.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    /** The flat divided by the median of its finite, positive pixels. */
    static float[] normalised(float[] flat) {
        float[] ok = new float[flat.length];
        int n = 0;
        for (float v : flat) {
            if (v > 0 && Float.isFinite(v)) {
                ok[n++] = v;
            }
        }
        if (n == 0) {
            throw new CalibrationException("flat frame has no positive pixel");
        }
        Arrays.sort(ok, 0, n);
        double med = n % 2 == 1 ? ok[n / 2] : 0.5 * (ok[n / 2 - 1] + ok[n / 2]);
        float[] out = new float[flat.length];
        for (int i = 0; i < flat.length; i++) {
            out[i] = Float.isFinite(flat[i]) ? (float) (flat[i] / med) : Float.NaN;
        }
        return out;
    }
}
