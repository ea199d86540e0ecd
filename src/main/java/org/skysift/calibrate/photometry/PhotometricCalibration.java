package org.skysift.calibrate.photometry;

import java.util.Arrays;

/**
 * Calibrates one plate: with at least {@code minStars} calibrators a monotonic curve ({@link CurveFitter});
 * with fewer (or the curve switched off) the median of reference minus instrumental magnitude over at least
 * {@link PhotometryOptions#MIN_ZERO_POINT_STARS}; with fewer still, the configured zero point.
 */
public final class PhotometricCalibration {
    private PhotometricCalibration() {}

    /**
     * @param width  plate width in pixels (for the spatial grid)
     * @param height plate height in pixels
     * @param configZeroPoint the zero point to fall back on when too few stars calibrate the plate
     */
    public static PhotometricFit calibrate(Calibrators c, PhotometryOptions o, double width, double height,
                                           double configZeroPoint) {
        int usable = 0;
        for (int i = 0; i < c.size(); i++) {
            if (Double.isFinite(c.inst()[i]) && Double.isFinite(c.ref()[i]) && Double.isFinite(c.instErr()[i])) {
                usable++;
            }
        }
        if (o.curve() && usable >= o.minStars()) {
            CurveFitter.Result r = CurveFitter.fit(c, o, width, height);
            int kept = 0;
            double ss = 0;
            for (int i = 0; i < c.size(); i++) {
                if (r.kept()[i]) {
                    kept++;
                    ss += r.residual()[i] * r.residual()[i];
                }
            }
            return new PhotometricFit(PhotometricFit.CURVE, kept, Math.sqrt(ss / Math.max(1, kept)), r.curve(),
                    Double.NaN, 0);
        }
        double[] offsets = new double[c.size()];
        int n = 0;
        for (int i = 0; i < c.size(); i++) {
            if (Double.isFinite(c.inst()[i]) && Double.isFinite(c.ref()[i])) {
                offsets[n++] = c.ref()[i] - c.inst()[i];
            }
        }
        offsets = Arrays.copyOf(offsets, n);
        if (n < PhotometryOptions.MIN_ZERO_POINT_STARS) {
            return PhotometricFit.zeroPoint("config zero point", n, rms(offsets, configZeroPoint), configZeroPoint, 0);
        }
        double zp = SpatialGrid.median(offsets);
        double rms = rms(offsets, zp);
        // the median's standard error is about 1.25 sigma / sqrt(n)
        return PhotometricFit.zeroPoint("zero point", n, rms, zp, 1.2533 * rms / Math.sqrt(n));
    }

    private static double rms(double[] v, double about) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - about) * (x - about);
        }
        return Math.sqrt(ss / v.length);
    }
}
