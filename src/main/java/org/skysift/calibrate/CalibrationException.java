package org.skysift.calibrate;

/** Calibration frames that cannot be applied to an image (shape, unit or exposure mismatch). */
public class CalibrationException extends RuntimeException {
    public CalibrationException(String message) {
        super(message);
    }
}
