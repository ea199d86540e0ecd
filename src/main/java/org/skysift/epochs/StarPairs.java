package org.skysift.epochs;

import java.util.ArrayList;
import java.util.List;

/**
 * Pairs predicted star positions with reference stars. The WCS of an old plate can be off by
 * several pixels, so a plain nearest-neighbour match would pair the wrong stars: first the common
 * offset is found as the peak of a histogram of all pair offsets within the search radius (true
 * pairs pile up in one cell, chance pairs spread evenly), then each star takes its nearest
 * reference star within {@link #PAIR_RADIUS_PX} of its position moved by that offset, one to one.
 */
final class StarPairs {
    static final double PAIR_RADIUS_PX = 1.5;
    private static final double BIN_PX = 0.5;

    private StarPairs() {}

    /** Index pairs {predicted i, reference j}. */
    static List<int[]> match(double[] px, double[] py, double[] rx, double[] ry, double searchPx) {
        Grid grid = new Grid(rx, ry, searchPx);
        int nb = (int) Math.ceil(searchPx / BIN_PX);
        int side = 2 * nb + 1;
        int[] histo = new int[side * side];
        for (int i = 0; i < px.length; i++) {
            for (int j : grid.near(px[i], py[i])) {
                double dx = rx[j] - px[i], dy = ry[j] - py[i];
                if (dx * dx + dy * dy <= searchPx * searchPx) {
                    histo[bin(dy, nb) * side + bin(dx, nb)]++;
                }
            }
        }
        int best = -1, bestCount = 0;
        for (int by = 1; by < side - 1; by++) {
            for (int bx = 1; bx < side - 1; bx++) {
                int c = 0;
                for (int k = -1; k <= 1; k++) {
                    for (int l = -1; l <= 1; l++) {
                        c += histo[(by + k) * side + bx + l];
                    }
                }
                if (c > bestCount) {
                    bestCount = c;
                    best = by * side + bx;
                }
            }
        }
        if (best < 0) {
            return List.of();
        }
        double ox = (best % side - nb) * BIN_PX, oy = (best / side - nb) * BIN_PX;
        return nearest(px, py, rx, ry, ox, oy, grid);
    }

    private static int bin(double d, int nb) {
        return (int) Math.max(0, Math.min(2 * nb, Math.round(d / BIN_PX) + nb));
    }

    private static List<int[]> nearest(double[] px, double[] py, double[] rx, double[] ry, double ox, double oy,
                                       Grid grid) {
        int[] claimedBy = new int[rx.length];
        double[] claimD2 = new double[rx.length];
        java.util.Arrays.fill(claimedBy, -1);
        double r2 = Math.pow(PAIR_RADIUS_PX + BIN_PX, 2);
        for (int i = 0; i < px.length; i++) {
            double qx = px[i] + ox, qy = py[i] + oy;
            int bestJ = -1;
            double bestD2 = r2;
            for (int j : grid.near(qx, qy)) {
                double d2 = (rx[j] - qx) * (rx[j] - qx) + (ry[j] - qy) * (ry[j] - qy);
                if (d2 <= bestD2) {
                    bestD2 = d2;
                    bestJ = j;
                }
            }
            if (bestJ >= 0 && (claimedBy[bestJ] < 0 || bestD2 < claimD2[bestJ])) {
                claimedBy[bestJ] = i;
                claimD2[bestJ] = bestD2;
            }
        }
        List<int[]> pairs = new ArrayList<>();
        for (int j = 0; j < rx.length; j++) {
            if (claimedBy[j] >= 0) {
                pairs.add(new int[] {claimedBy[j], j});
            }
        }
        return pairs;
    }

    /** Reference stars bucketed in square cells of the search radius. */
    private static final class Grid {
        private final double cell;
        private final java.util.Map<Long, List<Integer>> cells = new java.util.HashMap<>();

        Grid(double[] x, double[] y, double cell) {
            this.cell = Math.max(cell, 1.0);
            for (int j = 0; j < x.length; j++) {
                cells.computeIfAbsent(key((long) Math.floor(x[j] / this.cell), (long) Math.floor(y[j] / this.cell)),
                        k -> new ArrayList<>()).add(j);
            }
        }

        List<Integer> near(double x, double y) {
            long cx = (long) Math.floor(x / cell), cy = (long) Math.floor(y / cell);
            List<Integer> out = new ArrayList<>();
            for (long a = cx - 1; a <= cx + 1; a++) {
                for (long b = cy - 1; b <= cy + 1; b++) {
                    List<Integer> l = cells.get(key(a, b));
                    if (l != null) {
                        out.addAll(l);
                    }
                }
            }
            return out;
        }

        private static long key(long a, long b) {
            return (a << 32) ^ (b & 0xffffffffL);
        }
    }
}
