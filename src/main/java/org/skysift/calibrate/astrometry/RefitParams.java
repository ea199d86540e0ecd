package org.skysift.calibrate.astrometry;

/**
 * Settings of the per-tile astrometric refit (config block {@code astrometry:}).
 *
 * @param refit     off = header astrometry as read
 * @param degree    highest polynomial degree, lowered when stars are few ({@link #STARS_PER_TERM})
 * @param minStars  fewer clean matched stars keep the header astrometry
 * @param clipSigma outlier rejection threshold in robust sigmas
 * @param grid      cells per axis of the grid of median residuals on top of the polynomial; 0 = none
 * @param minSnr    stars used must have SNR_WIN above this (and FLAGS == 0)
 */
public record RefitParams(boolean refit, int degree, int minStars, double clipSigma, int grid, double minSnr) {
    /** Clean stars needed per polynomial term (per axis) before a degree is allowed. */
    public static final int STARS_PER_TERM = 4;
    /** Stars needed per grid cell on average before the grid is applied. */
    public static final int STARS_PER_CELL = 10;

    /** The degree the star count supports: the highest d up to {@code degree} with STARS_PER_TERM stars per term. */
    public int degreeFor(int stars) {
        int d = degree;
        while (d > 0 && stars < STARS_PER_TERM * Polynomial2D.terms(d)) {
            d--;
        }
        return d;
    }
}
