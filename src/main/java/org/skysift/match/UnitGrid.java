package org.skysift.match;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.skysift.catalog.RefStar;
import org.skysift.sky.Angles;

/**
 * Reference stars bucketed by their unit vectors on a cubic grid whose cell edge is the chord of
 * the search radius, so every star within the radius of a point lies in the 27 cells around it.
 */
final class UnitGrid {
    private final double cell;
    private final double radiusDeg;
    private final double[] xyz;
    private final Map<Long, int[]> cells = new HashMap<>();

    UnitGrid(List<RefStar> refs, double radiusDeg) {
        this.radiusDeg = radiusDeg;
        this.cell = Math.max(1e-9, 2 * Math.sin(Math.toRadians(radiusDeg) / 2));
        this.xyz = new double[refs.size() * 3];
        Map<Long, int[]> tmp = new HashMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        long[] keys = new long[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            double[] u = Angles.toUnit(refs.get(i).ra(), refs.get(i).dec());
            System.arraycopy(u, 0, xyz, 3 * i, 3);
            keys[i] = key(u[0], u[1], u[2], 0, 0, 0);
            counts.merge(keys[i], 1, Integer::sum);
        }
        counts.forEach((k, n) -> tmp.put(k, new int[n + 1]));
        for (int i = 0; i < keys.length; i++) {
            int[] b = tmp.get(keys[i]);
            b[++b[0]] = i;
        }
        cells.putAll(tmp);
    }

    private long key(double x, double y, double z, int dx, int dy, int dz) {
        long ix = (long) Math.floor(x / cell) + dx + (1L << 20);
        long iy = (long) Math.floor(y / cell) + dy + (1L << 20);
        long iz = (long) Math.floor(z / cell) + dz + (1L << 20);
        return (ix << 42) | (iy << 21) | iz;
    }

    /** Index of the nearest star within the radius, lowest index on ties; -1 when none. */
    int nearest(double ra, double dec) {
        double[] u = Angles.toUnit(ra, dec);
        int best = -1;
        double bestDot = Math.cos(Math.toRadians(radiusDeg)) - 1e-15;
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dz = -1; dz <= 1; dz++) {
                    int[] b = cells.get(key(u[0], u[1], u[2], dx, dy, dz));
                    if (b == null) {
                        continue;
                    }
                    for (int k = 1; k <= b[0]; k++) {
                        int i = b[k];
                        double dot = u[0] * xyz[3 * i] + u[1] * xyz[3 * i + 1] + u[2] * xyz[3 * i + 2];
                        if (dot > bestDot || dot == bestDot && best >= 0 && i < best) {
                            bestDot = dot;
                            best = i;
                        }
                    }
                }
            }
        }
        return best;
    }
}
