package org.skysift.report.plots;

/**
 * The Mollweide equal-area projection of the whole sky, centred on RA 0h with RA increasing to the
 * left as astronomers draw the sky from inside the sphere. The map is an ellipse with x in
 * [-2√2, 2√2] and y in [-√2, √2]; RA 180° lies on its left and right edges.
 */
public final class Mollweide {
    public static final double X_MAX = 2 * Math.sqrt(2);
    public static final double Y_MAX = Math.sqrt(2);

    private Mollweide() {}

    /** {x, y} for a position in degrees; RA 180° maps to the left edge (x = -2√2 on the equator). */
    public static double[] project(double raDeg, double decDeg) {
        double lon = raDeg % 360.0;
        if (lon < 0) {
            lon += 360.0;
        }
        // longitude east of the central meridian in (-180, 180]; east is drawn to the left
        double east = lon > 180.0 ? lon - 360.0 : lon;
        double theta = auxiliaryAngle(Math.toRadians(decDeg));
        return new double[] {-X_MAX / Math.PI * Math.toRadians(east) * Math.cos(theta), Y_MAX * Math.sin(theta)};
    }

    /** Solves 2θ + sin 2θ = π sin φ by Newton's method (the poles directly, where it converges slowly). */
    static double auxiliaryAngle(double lat) {
        if (Math.abs(lat) >= Math.PI / 2 - 1e-12) {
            return Math.copySign(Math.PI / 2, lat);
        }
        double target = Math.PI * Math.sin(lat);
        double t = lat;
        for (int i = 0; i < 50; i++) {
            double f = 2 * t + Math.sin(2 * t) - target;
            double step = f / (2 + 2 * Math.cos(2 * t));
            t -= step;
            if (Math.abs(step) < 1e-13) {
                break;
            }
        }
        return t;
    }
}
