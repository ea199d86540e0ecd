package org.skysift.calibrate.astrometry;

/**
 * What the refit did on a tile, for the tiles table.
 *
 * @param stars        clean matched stars the final fit used (null when no fit was tried)
 * @param rejected     clean matched stars rejected as outliers
 * @param rmsBefore    rms of the used stars' offsets to the reference through the header WCS, arcsec
 * @param rmsAfter     the same after the correction, arcsec
 * @param degree       polynomial degree fitted (null when none)
 * @param status       {@code refit}, {@code refit+grid}, {@code off}, or {@code header: <why>}
 */
public record RefitSummary(Integer stars, Integer rejected, Double rmsBefore, Double rmsAfter, Integer degree,
                           String status) {
    static RefitSummary header(int stars, String why) {
        return new RefitSummary(stars, null, null, null, null, "header: " + why);
    }
}
