package org.skysift.report.plots;

import org.skysift.sky.Angles;

/**
 * The part of the sky the zoomed map shows: all tiles when they lie within WHOLE_RUN_DEG of their
 * mean direction, else the densest group (most tile centres within GROUP_DEG of one tile).
 *
 * @param members   tiles of the group (indexes into the input)
 * @param halfWidth half the side of the square view in the gnomonic plane at (ra, dec), degrees
 */
record SkyRegion(double ra, double dec, double halfWidth, int[] members) {
    static final double WHOLE_RUN_DEG = 25;
    static final double GROUP_DEG = 10;
    static final int MAX_SEEDS = 2000;

    static SkyRegion of(double[] ra, double[] dec, double tileHalfDiagonalDeg) {
        int n = ra.length;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double[] centre = meanDirection(ra, dec, all);
        int[] members = all;
        if (maxSeparation(ra, dec, all, centre) > WHOLE_RUN_DEG) {
            members = densestGroup(ra, dec);
            centre = meanDirection(ra, dec, members);
        }
        org.skysift.sky.Gnomonic g = org.skysift.sky.Gnomonic.at(centre[0], centre[1]);
        double half = 0;
        for (int i : members) {
            double[] p = g.project(ra[i], dec[i]);
            half = Math.max(half, Math.max(Math.abs(p[0]), Math.abs(p[1])));
        }
        return new SkyRegion(centre[0], centre[1], (half + tileHalfDiagonalDeg) * 1.08, members);
    }

    private static int[] densestGroup(double[] ra, double[] dec) {
        int n = ra.length;
        int stride = Math.max(1, (n + MAX_SEEDS - 1) / MAX_SEEDS);
        int best = 0, bestCount = -1;
        for (int s = 0; s < n; s += stride) {
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (Angles.separationDeg(ra[s], dec[s], ra[i], dec[i]) <= GROUP_DEG) {
                    c++;
                }
            }
            if (c > bestCount) {
                best = s;
                bestCount = c;
            }
        }
        int[] out = new int[bestCount];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Angles.separationDeg(ra[best], dec[best], ra[i], dec[i]) <= GROUP_DEG) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** RA, Dec of the normalised sum of unit vectors (safe across the RA seam). */
    static double[] meanDirection(double[] ra, double[] dec, int[] idx) {
        double x = 0, y = 0, z = 0;
        for (int i : idx) {
            double a = Math.toRadians(ra[i]), d = Math.toRadians(dec[i]);
            x += Math.cos(d) * Math.cos(a);
            y += Math.cos(d) * Math.sin(a);
            z += Math.sin(d);
        }
        double r = Math.sqrt(x * x + y * y + z * z);
        if (r < 1e-9) {
            return new double[] {ra[idx[0]], dec[idx[0]]};
        }
        return new double[] {Angles.normalizeRa(Math.toDegrees(Math.atan2(y, x))), Math.toDegrees(Math.asin(z / r))};
    }

    private static double maxSeparation(double[] ra, double[] dec, int[] idx, double[] centre) {
        double m = 0;
        for (int i : idx) {
            m = Math.max(m, Angles.separationDeg(centre[0], centre[1], ra[i], dec[i]));
        }
        return m;
    }
}
