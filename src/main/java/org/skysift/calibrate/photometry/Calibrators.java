package org.skysift.calibrate.photometry;

/**
 * Matched stars that may calibrate a plate, one entry per star in each array: instrumental magnitude
 * (-2.5 log10 flux) and its error, reference magnitude, reference colour (NaN when unknown) and pixel
 * position (for the spatial correction).
 */
public record Calibrators(double[] inst, double[] instErr, double[] ref, double[] colour, double[] x, double[] y) {

    public Calibrators {
        int n = inst.length;
        if (instErr.length != n || ref.length != n || colour.length != n || x.length != n || y.length != n) {
            throw new IllegalArgumentException("calibrator arrays differ in length: inst " + n + ", inst_err "
                    + instErr.length + ", ref " + ref.length + ", colour " + colour.length + ", x " + x.length
                    + ", y " + y.length);
        }
    }

    public int size() {
        return inst.length;
    }
}
