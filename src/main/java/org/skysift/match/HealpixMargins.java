package org.skysift.match;

import java.io.Serializable;
import org.skysift.sky.Healpix;

/**
 * Sky partitioning for a distributed cross-match (the AXS / LSDB margin idea): every left row
 * belongs to one HEALPix pixel at the partition order (its "home"), and every right row also
 * visits each partition pixel that its match disc may touch, so a pair is always found in the
 * left row's home and found there once.
 *
 * <p>Which partition pixels a disc touches is decided at a finer "margin" order whose pixels are
 * at least 8 radii across (square root of the pixel area): a disc centred in a fine pixel then
 * stays inside that pixel and its 7 or 8 neighbours, and the partition pixels visited are the
 * parents of those 9. That is conservative (a few rows near a border visit a pixel they do not
 * reach; 3.1 % of rows visit a second pixel at 5" and order 5) and never misses one:
 * HealpixMarginsTest shows discs of twice the radius, thrown at the poles, the seam and the
 * corners where three base faces meet, staying inside the visited pixels.
 */
public final class HealpixMargins implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Fine pixels at least this many radii across. */
    static final double WIDTH_IN_RADII = 8.0;

    private final int partitionOrder;
    private final int marginOrder;

    /** @param partitionOrder wanted order of the partition pixels; lowered to the margin order when the radius needs it */
    public HealpixMargins(int partitionOrder, double radiusArcsec) {
        if (partitionOrder < 0 || partitionOrder > 29) {
            throw new IllegalArgumentException("partition order " + partitionOrder + " outside 0..29");
        }
        this.marginOrder = marginOrder(radiusArcsec);
        this.partitionOrder = Math.min(partitionOrder, marginOrder);
    }

    /** Highest order whose pixels are at least {@link #WIDTH_IN_RADII} radii across. */
    public static int marginOrder(double radiusArcsec) {
        if (!(radiusArcsec > 0)) {
            throw new IllegalArgumentException("match radius " + radiusArcsec + " arcsec: must be > 0");
        }
        double need = Math.toRadians(radiusArcsec / 3600.0) * WIDTH_IN_RADII;
        for (int k = 29; k >= 0; k--) {
            if (Math.sqrt(4 * Math.PI / Healpix.pixelCount(k)) >= need) {
                return k;
            }
        }
        throw new IllegalArgumentException("match radius " + radiusArcsec + " arcsec is too large for HEALPix margins (at most "
                + (int) Math.floor(Math.toDegrees(Math.sqrt(4 * Math.PI / 12)) / WIDTH_IN_RADII * 3600) + " arcsec)");
    }

    public int partitionOrder() {
        return partitionOrder;
    }

    public int marginOrder() {
        return marginOrder;
    }

    /** The one partition pixel a position belongs to. */
    public long home(double ra, double dec) {
        return Healpix.angToNest(partitionOrder, ra, dec);
    }

    /**
     * Writes the distinct partition pixels the disc around (ra, dec) may touch into out (length at
     * least 9), home first; returns how many (1 to 4).
     */
    public int visits(double ra, double dec, long[] out) {
        long fine = Healpix.angToNest(marginOrder, ra, dec);
        int shift = 2 * (marginOrder - partitionOrder);
        out[0] = fine >>> shift;
        int n = 1;
        // a fine pixel deep inside its parent has all neighbours in the same parent: skip the lookup
        long local = fine & ((1L << shift) - 1);
        if (shift > 0 && !onBorder(local, marginOrder - partitionOrder)) {
            return 1;
        }
        for (long nb : Healpix.neighbours(marginOrder, fine)) {
            if (nb < 0) {
                continue;
            }
            long p = nb >>> shift;
            boolean seen = false;
            for (int k = 0; k < n && !seen; k++) {
                seen = out[k] == p;
            }
            if (!seen) {
                out[n++] = p;
            }
        }
        return n;
    }

    /** Whether a pixel, by its index inside a parent 'levels' orders up, touches the parent's edge. */
    private static boolean onBorder(long local, int levels) {
        long x = 0, y = 0;
        for (int b = 0; b < levels; b++) {
            x |= ((local >>> (2 * b)) & 1L) << b;
            y |= ((local >>> (2 * b + 1)) & 1L) << b;
        }
        long last = (1L << levels) - 1;
        return x == 0 || y == 0 || x == last || y == last;
    }
}
