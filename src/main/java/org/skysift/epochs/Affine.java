package org.skysift.epochs;

/** x' = a0 + a1 x + a2 y, y' = b0 + b1 x + b2 y, in pixels. */
public record Affine(double a0, double a1, double a2, double b0, double b1, double b2) {
    public static final Affine IDENTITY = new Affine(0, 1, 0, 0, 0, 1);

    public double x(double x, double y) {
        return a0 + a1 * x + a2 * y;
    }

    public double y(double x, double y) {
        return b0 + b1 * x + b2 * y;
    }
}
