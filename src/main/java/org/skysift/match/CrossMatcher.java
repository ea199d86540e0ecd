package org.skysift.match;

import java.util.Arrays;

/** In-memory cross-match of two position lists (degrees) in any {@link MatchMode}. */
public final class CrossMatcher {
    private CrossMatcher() {}

    public static MatchResult match(double[] ra1, double[] dec1, double[] ra2, double[] dec2, double radiusArcsec, MatchMode mode) {
        if (ra1.length != dec1.length || ra2.length != dec2.length) {
            throw new IllegalArgumentException("ra and dec arrays differ in length");
        }
        if (mode == MatchMode.TWO_NOT_ONE) {
            int[] lonely = unmatched(new SkyIndex(ra1, dec1, radiusArcsec), ra2, dec2);
            return new MatchResult(mode, new int[0], lonely, new double[0]);
        }
        SkyIndex index = new SkyIndex(ra2, dec2, radiusArcsec);
        if (mode == MatchMode.ONE_NOT_TWO) {
            return new MatchResult(mode, unmatched(index, ra1, dec1), new int[0], new double[0]);
        }
        return pairs(index, ra1, dec1, mode);
    }

    /** Pairs of the query points with an index built by the caller (BEST or ALL). */
    public static MatchResult pairs(SkyIndex index, double[] ra, double[] dec, MatchMode mode) {
        if (!mode.pairs()) {
            throw new IllegalArgumentException("pairs() is for best or all, not " + mode);
        }
        SkyIndex.Hits hits = new SkyIndex.Hits();
        int[] left = new int[Math.max(16, ra.length / 4)];
        int[] right = new int[left.length];
        double[] sep = new double[left.length];
        int n = 0;
        for (int i = 0; i < ra.length; i++) {
            SkyIndex.checkPosition(i, ra[i], dec[i]);
            index.query(ra[i], dec[i], hits);
            if (hits.size() == 0) {
                continue;
            }
            int from = 0, to = hits.size();
            if (mode == MatchMode.BEST) {
                from = hits.nearest();
                to = from + 1;
            } else {
                hits.sort();
            }
            if (n + (to - from) > left.length) {
                int cap = Math.max(2 * left.length, n + (to - from));
                left = Arrays.copyOf(left, cap);
                right = Arrays.copyOf(right, cap);
                sep = Arrays.copyOf(sep, cap);
            }
            for (int k = from; k < to; k++) {
                left[n] = i;
                right[n] = hits.index(k);
                sep[n++] = hits.sepArcsec(k);
            }
        }
        return new MatchResult(mode, Arrays.copyOf(left, n), Arrays.copyOf(right, n), Arrays.copyOf(sep, n));
    }

    /** Indices of the query points with no indexed point within the radius, ascending. */
    public static int[] unmatched(SkyIndex index, double[] ra, double[] dec) {
        int[] out = new int[16];
        int n = 0;
        for (int i = 0; i < ra.length; i++) {
            SkyIndex.checkPosition(i, ra[i], dec[i]);
            if (!index.any(ra[i], dec[i])) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, 2 * n);
                }
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
