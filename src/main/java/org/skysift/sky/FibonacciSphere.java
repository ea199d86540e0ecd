package org.skysift.sky;

/**
 * N nearly evenly spread points on the sphere (the golden-angle spiral). Point i depends only on
 * (i, n, seed), so executors can generate their share of a huge N without the driver.
 */
public final class FibonacciSphere {
    private static final double GOLDEN_ANGLE_DEG = 180.0 * (3.0 - Math.sqrt(5.0));

    private FibonacciSphere() {}

    /** {ra, dec} in degrees of point i (0-based) of n; the seed rotates the spiral in RA. */
    public static double[] point(long i, long n, long seed) {
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException("point " + i + " outside 0.." + (n - 1));
        }
        double z = 1.0 - (2.0 * i + 1.0) / n;
        double dec = Math.toDegrees(Math.asin(z));
        double offset = seed == 0 ? 0.0 : (mix(seed) >>> 11) * 0x1.0p-53 * 360.0;
        // For i near 1e8 the product carries ~3e-6 deg of rounding: far below any tile or match scale.
        double ra = Angles.normalizeRa(i * GOLDEN_ANGLE_DEG + offset);
        return new double[] {ra, dec};
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
