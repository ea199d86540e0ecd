package org.skysift.match;

import java.util.Arrays;
import org.skysift.sky.Angles;

/**
 * Positions bucketed by their unit vectors on a cubic grid, answering "which points lie within
 * the radius of here". Working in 3-D makes it exact across RA 0/360 and at the poles with no
 * special cases. The grid's cell edge is twice the chord of the radius, so a query box of
 * half-width one chord touches at most 2 x 2 x 2 cells. Candidates from the cells are kept when
 * their great-circle separation ({@link Angles#separationArcsec}) is at most the radius: the same
 * function every brute-force comparison uses, so inclusion decisions agree bit for bit.
 */
public final class SkyIndex {
    /** Cells narrower than this would overflow the 21-bit cell coordinates (about 0.2"). */
    private static final double MIN_CELL = 1e-6;

    private final double[] ra;
    private final double[] dec;
    private final double radiusArcsec;
    private final double[] xyz;
    private final double reach;      // chord of the radius, widened against rounding
    private final double reach2;
    private final double cell;
    private final long[] slotKey;    // open-addressing table: cell key -> cell number
    private final int[] slotCell;
    private final int[] cellStart;   // members of cell c are members[cellStart[c] .. cellStart[c + 1])
    private final int[] members;     // point indices, ascending within a cell

    /** Indexes the points (degrees); the arrays are kept, not copied. */
    public SkyIndex(double[] ra, double[] dec, double radiusArcsec) {
        if (ra.length != dec.length) {
            throw new IllegalArgumentException("ra and dec differ in length: " + ra.length + " vs " + dec.length);
        }
        if (!(radiusArcsec > 0) || radiusArcsec > 180 * 3600.0) {
            throw new IllegalArgumentException("match radius " + radiusArcsec + " arcsec: must be in (0, 648000]");
        }
        this.ra = ra;
        this.dec = dec;
        this.radiusArcsec = radiusArcsec;
        int n = ra.length;
        double chord = 2 * Math.sin(Math.toRadians(radiusArcsec / 3600.0) / 2);
        this.reach = chord * (1 + 1e-9) + 1e-15;
        this.reach2 = reach * reach;
        this.cell = Math.max(MIN_CELL, 2 * reach);
        this.xyz = new double[3 * n];
        int cap = Integer.highestOneBit(Math.max(4, 2 * n)) << 1;
        this.slotKey = new long[cap];
        this.slotCell = new int[cap];
        Arrays.fill(slotCell, -1);
        int[] cellOf = new int[n];
        int[] counts = new int[Math.max(1, n)];
        int cells = 0;
        for (int i = 0; i < n; i++) {
            checkPosition(i, ra[i], dec[i]);
            toUnit(ra[i], dec[i], xyz, 3 * i);
            long key = key(cellIndex(xyz[3 * i]), cellIndex(xyz[3 * i + 1]), cellIndex(xyz[3 * i + 2]));
            int slot = slot(key);
            if (slotCell[slot] < 0) {
                slotKey[slot] = key;
                slotCell[slot] = cells++;
            }
            cellOf[i] = slotCell[slot];
            counts[cellOf[i]]++;
        }
        this.cellStart = new int[cells + 1];
        for (int c = 0; c < cells; c++) {
            cellStart[c + 1] = cellStart[c] + counts[c];
        }
        this.members = new int[n];
        int[] fill = Arrays.copyOf(cellStart, cells);
        for (int i = 0; i < n; i++) {
            members[fill[cellOf[i]]++] = i;
        }
    }

    public int size() {
        return ra.length;
    }

    public double radiusArcsec() {
        return radiusArcsec;
    }

    /** Reusable answer buffer: indices and separations (arcsec) of the points found, in no order. */
    public static final class Hits {
        int[] index = new int[16];
        double[] sepArcsec = new double[16];
        int size;

        public int size() {
            return size;
        }

        public int index(int k) {
            return index[k];
        }

        public double sepArcsec(int k) {
            return sepArcsec[k];
        }

        /** Position of the nearest hit, lowest index on equal separations; -1 when empty. */
        public int nearest() {
            int best = -1;
            for (int k = 0; k < size; k++) {
                if (best < 0 || sepArcsec[k] < sepArcsec[best] || sepArcsec[k] == sepArcsec[best] && index[k] < index[best]) {
                    best = k;
                }
            }
            return best;
        }

        /** Orders the hits by separation, then index (insertion sort: hit lists are short). */
        public void sort() {
            for (int a = 1; a < size; a++) {
                int i = index[a];
                double s = sepArcsec[a];
                int b = a - 1;
                while (b >= 0 && (sepArcsec[b] > s || sepArcsec[b] == s && index[b] > i)) {
                    index[b + 1] = index[b];
                    sepArcsec[b + 1] = sepArcsec[b];
                    b--;
                }
                index[b + 1] = i;
                sepArcsec[b + 1] = s;
            }
        }

        void add(int i, double sep) {
            if (size == index.length) {
                index = Arrays.copyOf(index, 2 * size);
                sepArcsec = Arrays.copyOf(sepArcsec, 2 * size);
            }
            index[size] = i;
            sepArcsec[size++] = sep;
        }
    }

    /** Fills hits with every indexed point within the radius of (ra, dec). */
    public void query(double qra, double qdec, Hits hits) {
        hits.size = 0;
        scan(qra, qdec, hits, false);
    }

    /** True when some indexed point lies within the radius of (ra, dec). */
    public boolean any(double qra, double qdec) {
        return scan(qra, qdec, null, true);
    }

    private boolean scan(double qra, double qdec, Hits hits, boolean stopAtFirst) {
        if (ra.length == 0) {
            return false;
        }
        double a = Math.toRadians(qra), d = Math.toRadians(qdec), cd = Math.cos(d);
        double ux = cd * Math.cos(a), uy = cd * Math.sin(a), uz = Math.sin(d);
        long x0 = cellIndex(ux - reach), x1 = cellIndex(ux + reach);
        long y0 = cellIndex(uy - reach), y1 = cellIndex(uy + reach);
        long z0 = cellIndex(uz - reach), z1 = cellIndex(uz + reach);
        for (long cx = x0; cx <= x1; cx++) {
            for (long cy = y0; cy <= y1; cy++) {
                for (long cz = z0; cz <= z1; cz++) {
                    int c = find(key(cx, cy, cz));
                    if (c < 0) {
                        continue;
                    }
                    for (int m = cellStart[c]; m < cellStart[c + 1]; m++) {
                        int i = members[m];
                        double dx = ux - xyz[3 * i], dy = uy - xyz[3 * i + 1], dz = uz - xyz[3 * i + 2];
                        if (dx * dx + dy * dy + dz * dz > reach2) {
                            continue;
                        }
                        double sep = Angles.separationArcsec(qra, qdec, ra[i], dec[i]);
                        if (sep <= radiusArcsec) {
                            if (stopAtFirst) {
                                return true;
                            }
                            hits.add(i, sep);
                        }
                    }
                }
            }
        }
        return false;
    }

    private long cellIndex(double v) {
        return (long) Math.floor(v / cell);
    }

    private static long key(long ix, long iy, long iz) {
        long off = 1L << 20;
        return ((ix + off) << 42) | ((iy + off) << 21) | (iz + off);
    }

    private int slot(long key) {
        int mask = slotKey.length - 1;
        int s = (int) mix(key) & mask;
        while (slotCell[s] >= 0 && slotKey[s] != key) {
            s = (s + 1) & mask;
        }
        return s;
    }

    private int find(long key) {
        int s = slot(key);
        return slotCell[s];
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return k;
    }

    private static void toUnit(double raDeg, double decDeg, double[] out, int at) {
        double a = Math.toRadians(raDeg), d = Math.toRadians(decDeg), cd = Math.cos(d);
        out[at] = cd * Math.cos(a);
        out[at + 1] = cd * Math.sin(a);
        out[at + 2] = Math.sin(d);
    }

    static void checkPosition(int i, double ra, double dec) {
        if (!Double.isFinite(ra) || !(dec >= -90 && dec <= 90)) {
            throw new IllegalArgumentException("position " + i + ": (ra " + ra + ", dec " + dec + ") is not on the sky");
        }
    }
}
