package org.skysift.sky;

import java.io.Serializable;

/**
 * Square tiles whose centres are hex-packed in declination rings; each position belongs to the
 * tile with the nearest centre. Spacings are chosen so the nearest-centre cell of every tile lies
 * inside its square: with in-row spacing {@code a} and ring spacing {@code h}, a point is at most
 * a/2 across and h/2 + a^2/(8h) along from its nearest centre (for any phase between rings), which
 * must not exceed half a side. Ring populations use the cosine at the equatorward edge of the ring,
 * so spacing never exceeds {@code a} anywhere in the ring's band.
 *
 * <p>Tile ids are {@code ring * 1_000_000 + index}, ring 0 at the south pole: stable for a given
 * tile size.
 */
public final class Hex30Tiling implements Serializable {
    static final long RING_FACTOR = 1_000_000L;
    private static final double ROW_FACTOR = 0.85;
    private static final double RING_FACTOR_DEC = 0.70;

    private final double sideDeg;
    private final int rings;        // ring indices 0..rings
    private final double ringStep;  // degrees of declination between rings
    private final int[] counts;

    public Hex30Tiling(double tileArcmin) {
        if (!(tileArcmin > 0 && tileArcmin <= 600)) {
            throw new IllegalArgumentException("tile size " + tileArcmin + "' outside (0, 600]");
        }
        this.sideDeg = tileArcmin / 60.0;
        double a = ROW_FACTOR * sideDeg;
        this.rings = (int) Math.ceil(180.0 / (RING_FACTOR_DEC * sideDeg));
        this.ringStep = 180.0 / rings;
        this.counts = new int[rings + 1];
        for (int k = 0; k <= rings; k++) {
            double dec = ringDec(k);
            if (k == 0 || k == rings) {
                counts[k] = 1;
            } else {
                double edge = Math.max(0.0, Math.abs(dec) - sideDeg / 2.0);
                counts[k] = Math.max(1, (int) Math.ceil(360.0 * Math.cos(Math.toRadians(edge)) / a));
            }
        }
    }

    public double tileArcmin() {
        return sideDeg * 60.0;
    }

    public long tileCount() {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    private double ringDec(int k) {
        return k == 0 ? -90.0 : k == rings ? 90.0 : -90.0 + k * ringStep;
    }

    private double ringRa(int k, long j) {
        double step = 360.0 / counts[k];
        double phase = (k % 2 == 1) ? 0.5 : 0.0;
        return Angles.normalizeRa((j + phase) * step);
    }

    /** The tile with the given id; IllegalArgumentException for an id this tiling does not have. */
    public Tile tile(long id) {
        long k = id / RING_FACTOR;
        long j = id % RING_FACTOR;
        if (id < 0 || k > rings || j >= counts[(int) k]) {
            throw new IllegalArgumentException("no tile " + id + " in hex30 tiling of " + tileArcmin() + "'");
        }
        double side = sideDeg * 60.0;
        return new Tile(id, ringRa((int) k, j), ringDec((int) k), side, side);
    }

    /** Id of the tile whose centre is nearest to the position (ties go to the smaller id). */
    public long tileIdFor(double ra, double dec) {
        ra = Angles.normalizeRa(ra);
        int k0 = (int) Math.round((dec + 90.0) / ringStep);
        long bestId = -1;
        double best = Double.POSITIVE_INFINITY;
        for (int k = Math.max(0, k0 - 2); k <= Math.min(rings, k0 + 2); k++) {
            int n = counts[k];
            double dec0 = ringDec(k);
            if (n <= 12) {
                for (int j = 0; j < n; j++) {
                    double s = Angles.separationDeg(ra, dec, ringRa(k, j), dec0);
                    long id = k * RING_FACTOR + j;
                    if (s < best || s == best && id < bestId) {
                        best = s;
                        bestId = id;
                    }
                }
                continue;
            }
            double step = 360.0 / n;
            double phase = (k % 2 == 1) ? 0.5 : 0.0;
            long jc = (long) Math.floor(ra / step - phase);
            for (long dj = -1; dj <= 2; dj++) {
                long j = Math.floorMod(jc + dj, n);
                double s = Angles.separationDeg(ra, dec, ringRa(k, j), dec0);
                long id = k * RING_FACTOR + j;
                if (s < best || s == best && id < bestId) {
                    best = s;
                    bestId = id;
                }
            }
        }
        return bestId;
    }

    public Tile tileFor(double ra, double dec) {
        return tile(tileIdFor(ra, dec));
    }

    /**
     * Every tile whose centre is within radiusDeg of the position, in no particular order: for each
     * ring whose Dec is in reach, the RA span of the cap at that Dec (the whole ring when the cap
     * holds a pole), then the exact distance.
     */
    public void forEachWithin(double ra, double dec, double radiusDeg, java.util.function.LongConsumer out) {
        ra = Angles.normalizeRa(ra);
        int kLo = Math.max(0, (int) Math.floor((dec - radiusDeg + 90.0) / ringStep) - 1);
        int kHi = Math.min(rings, (int) Math.ceil((dec + radiusDeg + 90.0) / ringStep) + 1);
        boolean pole = dec + radiusDeg >= 90.0 || dec - radiusDeg <= -90.0;
        double sd = Math.sin(Math.toRadians(dec)), cd = Math.cos(Math.toRadians(dec));
        double cr = Math.cos(Math.toRadians(radiusDeg));
        for (int k = kLo; k <= kHi; k++) {
            int n = counts[k];
            double dk = ringDec(k);
            double half = 180.0;
            if (!pole && n > 1) {
                double ck = Math.cos(Math.toRadians(dk));
                double c = (cr - sd * Math.sin(Math.toRadians(dk))) / (cd * ck);
                if (c > 1.0) {
                    continue;
                }
                half = c < -1.0 ? 180.0 : Math.toDegrees(Math.acos(c));
            }
            double step = 360.0 / n;
            // one step of slack each side: the exact distance below decides
            long jLo = 0, jHi = n - 1;
            if (half + step < 180.0) {
                double phase = (k % 2 == 1) ? 0.5 : 0.0;
                jLo = (long) Math.floor((ra - half) / step - phase) - 1;
                jHi = (long) Math.ceil((ra + half) / step - phase) + 1;
            }
            for (long j = jLo; j <= jHi && j - jLo < n; j++) {
                long jj = Math.floorMod(j, n);
                if (Angles.separationDeg(ra, dec, ringRa(k, jj), dk) <= radiusDeg) {
                    out.accept(k * RING_FACTOR + jj);
                }
            }
        }
    }
}
