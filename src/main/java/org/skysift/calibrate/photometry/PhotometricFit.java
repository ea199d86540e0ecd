package org.skysift.calibrate.photometry;

import java.io.Serializable;
import java.util.Locale;

/**
 * A plate's photometric calibration: a curve, or (too few calibrators) a zero point added to the
 * instrumental magnitude.
 *
 * @param status       "curve", "zero point: N stars" or "config zero point: N stars"
 * @param stars        calibrators kept (after clipping)
 * @param rms          rms of reference minus calibrated magnitude over those stars (NaN when none)
 * @param curve        the curve, null for a zero point
 * @param zeroPoint    the zero point when there is no curve (NaN with a curve)
 * @param zeroPointErr its uncertainty (standard error of the median; 0 for the configured value)
 */
public record PhotometricFit(String status, int stars, double rms, CalibrationCurve curve, double zeroPoint,
                             double zeroPointErr) implements Serializable {

    /** One source's calibrated magnitude, its error, and whether the curve was extrapolated to reach it. */
    public record Calibrated(double mag, double err, boolean extrapolated) {}

    public static final String CURVE = "curve";

    public static PhotometricFit zeroPoint(String origin, int stars, double rms, double zp, double zpErr) {
        return new PhotometricFit(String.format(Locale.ROOT, "%s: %d stars", origin, stars), stars, rms, null, zp, zpErr);
    }

    /**
     * Calibrates a source from its instrumental magnitude and error; colour NaN when unknown (the
     * colour term then adds nothing); (x, y) its 1-based pixel position. NaN magnitude for a NaN input.
     */
    public Calibrated apply(double inst, double instErr, double colour, double x, double y) {
        if (!Double.isFinite(inst)) {
            return new Calibrated(Double.NaN, Double.NaN, false);
        }
        double e = Double.isFinite(instErr) ? instErr : 0;
        if (curve == null) {
            return new Calibrated(inst + zeroPoint, Math.hypot(e, zeroPointErr), false);
        }
        double slope = curve.slope(inst);
        return new Calibrated(curve.magnitude(inst, colour, x, y), Math.hypot(slope * e, curve.curveError(inst)),
                curve.extrapolated(inst));
    }

    /** The curve's knots as JSON, or {"zero_point": zp} without a curve. */
    public String knotsJson() {
        return curve != null ? curve.knotsJson() : String.format(Locale.ROOT, "{\"zero_point\":%.4f}", zeroPoint);
    }

    /** The fitted colour term, NaN when none. */
    public double colourTerm() {
        return curve == null ? Double.NaN : curve.colourTerm();
    }
}
