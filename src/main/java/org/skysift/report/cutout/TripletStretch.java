package org.skysift.report.cutout;

/**
 * The two stretches of a triplet. The reference and the new image share one asinh stretch (so a
 * source that kept its brightness looks the same in both): from 2 noise sigmas below the sky to the
 * 99.5th percentile of both stamps, softened at a few sigmas so faint sources and bright cores
 * are seen together. The difference gets a stretch symmetric about 0 (a gain and a loss of the same
 * size look alike but for their colour), asinh softened at 4 of its own sigmas and saturating at
 * the larger of 10 sigmas and the 99.5th percentile of |D|, so the noise stays pale and a residual
 * of 5 sigmas already shows in colour.
 */
record TripletStretch(double lo, double hi, double soft, double dLimit, double dSoft) {
    static final double HIGH_PERCENTILE = 99.5;

    static TripletStretch of(float[] reference, float[] fresh, float[] difference) {
        float[] both = new float[reference.length + fresh.length];
        System.arraycopy(reference, 0, both, 0, reference.length);
        System.arraycopy(fresh, 0, both, reference.length, fresh.length);
        double[] p = Stretch.percentiles(both, 50, HIGH_PERCENTILE);
        double sky = p[0], sigma = robustSigma(both, sky);
        double lo = sky - 2 * sigma;
        double hi = Math.max(p[1], sky + 8 * sigma);
        float[] abs = new float[difference.length];
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(difference[i]);
        }
        double dSigma = robustSigma(difference, 0);
        double dHigh = Stretch.percentiles(abs, HIGH_PERCENTILE)[0];
        double dLimit = Math.max(10 * dSigma, Double.isNaN(dHigh) ? 0 : dHigh);
        return new TripletStretch(lo, hi, 3 * sigma, dLimit, 4 * dSigma);
    }

    /**
     * 1.4826 x the median absolute deviation about {@code centre}: the Gaussian sigma, unmoved by the
     * stars; a tiny positive floor when the stamp is flat (or all NaN) so the stretches stay defined.
     */
    static double robustSigma(float[] values, double centre) {
        float[] dev = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = (float) Math.abs(values[i] - centre);
        }
        double mad = Stretch.percentiles(dev, 50)[0];
        double s = 1.4826 * mad;
        return Double.isFinite(s) && s > 0 ? s : 1e-6;
    }

    /** 0 (sky and below) to 1 (bright) for the reference and new panels; NaN stays NaN. */
    double level(double v) {
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        double t = asinh(Math.max(v - lo, 0) / soft) / asinh(Math.max(hi - lo, soft) / soft);
        return Math.min(t, 1);
    }

    /** -1 (the largest loss) to 1 (the largest gain) for the difference panel, odd in v; NaN stays NaN. */
    double diverging(double v) {
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        double t = asinh(Math.abs(v) / dSoft) / asinh(dLimit / dSoft);
        return Math.copySign(Math.min(t, 1), v);
    }

    private static double asinh(double x) {
        return Math.log(x + Math.sqrt(x * x + 1));
    }
}
