package org.skysift.epochs;

/**
 * @param combine    how frames are combined
 * @param backSize   background mesh size in pixels (extract.back_size)
 * @param backFilter background median filter in meshes (extract.back_filtersize)
 * @param searchPx   how far (reference pixels) a star may lie from where the two WCS put it
 * @param minMatches star pairs a registration needs after clipping
 */
public record StackSettings(Combine combine, int backSize, int backFilter, double searchPx, int minMatches) {
    public static final double DEFAULT_SEARCH_PX = 10;
    public static final int DEFAULT_MIN_MATCHES = 12;

    public StackSettings {
        if (!(searchPx > StarPairs.PAIR_RADIUS_PX)) {
            throw new IllegalArgumentException("search radius " + searchPx + " px: must exceed "
                    + StarPairs.PAIR_RADIUS_PX);
        }
        if (minMatches < 3) {
            throw new IllegalArgumentException("min matches " + minMatches + ": an affine fit needs at least 3");
        }
    }

    public static StackSettings of(Combine combine, int backSize, int backFilter) {
        return new StackSettings(combine, backSize, backFilter, DEFAULT_SEARCH_PX, DEFAULT_MIN_MATCHES);
    }
}
