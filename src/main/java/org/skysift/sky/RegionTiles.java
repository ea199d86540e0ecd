package org.skysift.sky;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The tiles of a tiling that a region needs: every tile whose square overlaps the region, found by
 * witnesses, so no tile wholly outside is ever kept. A tile is kept when its centre, a corner or a
 * point along its sides is in the region, or when a point of the region's boundary (sampled every
 * {@value #STEP_PER_SIDE}th of a tile side) is inside its square.
 *
 * <p>Why that misses no tile a point of the region needs: every point lies in the nearest-centre
 * cell of its tile, and the cell sits inside the square with a margin of at least 2 % of a side
 * (Hex30Tiling's spacings: across h/2 + a^2/8h &lt;= 0.48 of a side). If the region reaches that
 * cell but holds no corner of the square, its boundary runs inside the square from a side (or
 * round a piece wholly inside) to the cell, over more than the margin, so a boundary sample lands
 * inside. Overlaps the samples can miss are slivers within the margin of the square's edge, whose
 * points all lie in the cell, and so the kept square, of a neighbour.
 */
public final class RegionTiles {
    /** Boundary samples per tile side: spacing of 0.5 % of a side, well inside the 2 % margin. */
    static final int STEP_PER_SIDE = 200;
    /** Witness points along each side of a square (corners included). */
    private static final int SIDE_POINTS = 9;

    private RegionTiles() {}

    /** The ids of the tiles the region needs, sorted. */
    public static long[] cover(SkyRegion region, Hex30Tiling tiling) {
        double side = tiling.tileArcmin() / 60.0;
        double halfDiagonal = side / Math.sqrt(2.0);
        double step = side / STEP_PER_SIDE;
        Set<Long> near = new HashSet<>();
        region.nearTiles(tiling, halfDiagonal + step, near::add);
        Set<Long> kept = new HashSet<>();
        for (long id : near) {
            if (squareTouches(region, tiling.tile(id))) {
                kept.add(id);
            }
        }
        region.boundary(step, (ra, dec) -> tiling.forEachWithin(ra, dec, halfDiagonal, id -> {
            if (!kept.contains(id) && tiling.tile(id).contains(ra, dec)) {
                kept.add(id);
            }
        }));
        long[] out = kept.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(out);
        return out;
    }

    /** Whether the centre, a corner or a point along a side of the tile's square is in the region. */
    static boolean squareTouches(SkyRegion region, Tile t) {
        if (region.contains(t.ra(), t.dec())) {
            return true;
        }
        Gnomonic g = Gnomonic.at(t.ra(), t.dec());
        double hw = t.widthArcmin() / 120.0, hh = t.heightArcmin() / 120.0;
        for (int i = 0; i < SIDE_POINTS; i++) {
            double f = -1.0 + 2.0 * i / (SIDE_POINTS - 1);
            double[][] points = {{f * hw, -hh}, {f * hw, hh}, {-hw, f * hh}, {hw, f * hh}};
            for (double[] xy : points) {
                double[] p = g.deproject(xy[0], xy[1]);
                if (region.contains(p[0], p[1])) {
                    return true;
                }
            }
        }
        return false;
    }
}
