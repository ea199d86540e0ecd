package org.skysift.extract.psf;

/**
 * Whether a pixel offset lies within a radius, without {@code Math.hypot}: hypot guards against
 * overflow at a cost of ~20 ns a call (StrictMath), which made it ~5% of a tile's CPU in the PSF
 * loops where it ran per pixel per star. Offsets here are a few pixels, so squares cannot overflow;
 * the comparison differs from hypot's only where the distance equals the radius to the last bit.
 */
final class Circles {
    private Circles() {}

    static boolean within(double dx, double dy, double r) {
        return r >= 0 && dx * dx + dy * dy <= r * r;
    }
}
