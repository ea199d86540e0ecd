package org.skysift.calibrate.photometry;

import java.io.Serializable;
import java.util.Locale;

/**
 * A fitted calibration: reference magnitude = spline(instrumental) + colour term (colour - colour0) + grid(x, y).
 * Outside the fitted instrumental range the curve goes on straight with its end slope (kept between
 * {@link #MIN_END_SLOPE} and {@link #MAX_END_SLOPE}) and the error grows with the distance: beyond the last
 * calibrator nothing says how the emulsion behaves, so the figure is a guess and is flagged as one.
 */
public final class CalibrationCurve implements Serializable {
    static final double MIN_END_SLOPE = 0.5;
    static final double MAX_END_SLOPE = 3.0;
    /** Error added for an extrapolated magnitude: this much at the range's edge plus EXTRAPOLATION_GROWTH per mag. */
    static final double EXTRAPOLATION_BASE = 0.05;
    static final double EXTRAPOLATION_GROWTH = 0.25;

    private final SplineBasis basis;
    private final double[] coef;
    private final double[][] cov;
    private final double colourTerm;
    private final double colour0;
    private final SpatialGrid grid;

    CalibrationCurve(SplineBasis basis, double[] coef, double[][] cov, double colourTerm, double colour0,
                     SpatialGrid grid) {
        this.basis = basis;
        this.coef = coef;
        this.cov = cov;
        this.colourTerm = colourTerm;
        this.colour0 = colour0;
        this.grid = grid;
    }

    /** Reference-band magnitude of a source; a NaN colour (unknown) takes the calibrators' median colour. */
    public double magnitude(double inst, double colour, double x, double y) {
        double m;
        if (inst < basis.lo()) {
            m = spline(basis.lo()) + endSlope(basis.lo()) * (inst - basis.lo());
        } else if (inst > basis.hi()) {
            m = spline(basis.hi()) + endSlope(basis.hi()) * (inst - basis.hi());
        } else {
            m = spline(inst);
        }
        if (hasColourTerm() && Double.isFinite(colour)) {
            m += colourTerm * (colour - colour0);
        }
        return grid == null ? m : m + grid.at(x, y);
    }

    /** d(reference mag)/d(instrumental mag) at inst (the end slope outside the range). */
    public double slope(double inst) {
        if (inst < basis.lo()) {
            return endSlope(basis.lo());
        }
        if (inst > basis.hi()) {
            return endSlope(basis.hi());
        }
        double[] d = new double[4];
        int j = basis.derivative(inst, d);
        return d[0] * coef[j] + d[1] * coef[j + 1] + d[2] * coef[j + 2] + d[3] * coef[j + 3];
    }

    /** One-sigma uncertainty of the curve itself at inst, from the fit's covariance. */
    public double curveError(double inst) {
        double[] b = new double[4];
        int j = basis.eval(inst, b);
        double v = 0;
        for (int p = 0; p < 4; p++) {
            for (int q = 0; q < 4; q++) {
                v += b[p] * b[q] * cov[j + p][j + q];
            }
        }
        double e = Math.sqrt(Math.max(0, v));
        double beyond = distanceOutside(inst);
        return beyond > 0 ? Math.hypot(e, EXTRAPOLATION_BASE + EXTRAPOLATION_GROWTH * beyond) : e;
    }

    public boolean extrapolated(double inst) {
        return distanceOutside(inst) > 0;
    }

    public boolean hasColourTerm() {
        return Double.isFinite(colourTerm);
    }

    /** The colour coefficient (mag per mag of colour), NaN when none was fitted. */
    public double colourTerm() {
        return colourTerm;
    }

    public double colour0() {
        return colour0;
    }

    public SpatialGrid grid() {
        return grid;
    }

    public double lo() {
        return basis.lo();
    }

    public double hi() {
        return basis.hi();
    }

    /** Instrumental magnitudes at the segment ends, where {@link #knotsRef()} samples the curve. */
    public double[] knotsInst() {
        double[] k = new double[basis.segments() + 1];
        for (int i = 0; i < k.length; i++) {
            k[i] = basis.lo() + i * basis.step();
        }
        return k;
    }

    public double[] knotsRef() {
        double[] k = knotsInst();
        double[] r = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            r[i] = spline(k[i]);
        }
        return r;
    }

    /** The curve as JSON: {"inst":[...],"ref":[...]} (knots) plus the colour term's reference colour when fitted. */
    public String knotsJson() {
        StringBuilder sb = new StringBuilder("{\"inst\":");
        array(sb, knotsInst());
        sb.append(",\"ref\":");
        array(sb, knotsRef());
        if (hasColourTerm()) {
            sb.append(String.format(Locale.ROOT, ",\"colour_term\":%.4f,\"colour0\":%.4f", colourTerm, colour0));
        }
        if (grid != null) {
            sb.append(",\"grid\":");
            array(sb, grid.offsets());
        }
        return sb.append('}').toString();
    }

    private static void array(StringBuilder sb, double[] v) {
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        sb.append(']');
    }

    double spline(double inst) {
        double[] b = new double[4];
        int j = basis.eval(inst, b);
        return b[0] * coef[j] + b[1] * coef[j + 1] + b[2] * coef[j + 2] + b[3] * coef[j + 3];
    }

    private double endSlope(double at) {
        return Math.min(MAX_END_SLOPE, Math.max(MIN_END_SLOPE, slope(at)));
    }

    private double distanceOutside(double inst) {
        return inst < basis.lo() ? basis.lo() - inst : inst > basis.hi() ? inst - basis.hi() : 0;
    }
}
