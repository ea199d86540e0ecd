package org.skysift.calibrate.photometry;

/**
 * How a plate is calibrated.
 *
 * @param curve         fit a curve (false: the median zero point only)
 * @param minStars      fewest calibrators for a curve; with fewer, a zero point
 * @param maxSegments   most spline segments (the curve gets one per {@code starsPerSegment} calibrators)
 * @param clip          outliers beyond this many robust sigmas are rejected, iteratively
 * @param colourTerm    fit a linear colour term when enough calibrators carry a colour with some spread
 * @param grid          cells per side of the spatial correction (0 = none)
 * @param errorFloor    magnitude error added in quadrature to each calibrator (reference errors, PSF changes)
 */
public record PhotometryOptions(boolean curve, int minStars, int maxSegments, double clip, boolean colourTerm,
                                int grid, double errorFloor) {
    public static final int STARS_PER_SEGMENT = 12;
    /** Fewest calibrators for a zero point: with fewer, the configured zero point stands. */
    public static final int MIN_ZERO_POINT_STARS = 5;

    public static PhotometryOptions defaults() {
        return new PhotometryOptions(true, 30, 8, 3.0, true, 0, 0.02);
    }

    public PhotometryOptions withGrid(int cells) {
        return new PhotometryOptions(curve, minStars, maxSegments, clip, colourTerm, cells, errorFloor);
    }
}
