package org.skysift.sky;

/**
 * HEALPix in the NESTED scheme (Gorski et al. 2005, ApJ 622, 759), orders 0..29: pixel of a
 * position, pixel centre, the 8 neighbours and an inclusive disc query. Checked against healpy
 * vectors in src/test/resources/healpix.
 */
public final class Healpix {
    private Healpix() {}

    public static long nside(int order) {
        checkOrder(order);
        return 1L << order;
    }

    public static long pixelCount(int order) {
        return 12L << (2 * order);
    }

    /** Nested pixel index of a position (degrees). */
    public static long angToNest(int order, double ra, double dec) {
        checkOrder(order);
        long nside = 1L << order;
        double z = Math.sin(Math.toRadians(dec));
        double za = Math.abs(z);
        double tt = Angles.normalizeRa(ra) / 90.0; // in [0, 4)
        int face;
        long ix, iy;
        if (za <= 2.0 / 3.0) {
            double t1 = nside * (0.5 + tt);
            double t2 = nside * z * 0.75;
            long jp = (long) (t1 - t2);
            long jm = (long) (t1 + t2);
            long ifp = jp >> order;
            long ifm = jm >> order;
            face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
            ix = jm & (nside - 1);
            iy = nside - (jp & (nside - 1)) - 1;
        } else {
            int ntt = Math.min(3, (int) tt);
            double tp = tt - ntt;
            // sqrt(3(1-|z|)) written with cos(dec) to keep precision next to the poles
            double cosDec = Math.cos(Math.toRadians(dec));
            double tmp = nside * cosDec * Math.sqrt(3.0 / (1.0 + za));
            long jp = Math.min(nside - 1, (long) (tp * tmp));
            long jm = Math.min(nside - 1, (long) ((1.0 - tp) * tmp));
            if (z >= 0) {
                face = ntt;
                ix = nside - jm - 1;
                iy = nside - jp - 1;
            } else {
                face = ntt + 8;
                ix = jp;
                iy = jm;
            }
        }
        return ((long) face << (2 * order)) + interleave(ix) + (interleave(iy) << 1);
    }

    /** Centre of a nested pixel as {ra, dec} in degrees, ra in [0, 360). */
    public static double[] nestToAng(int order, long pix) {
        checkPixel(order, pix);
        long nside = 1L << order;
        int face = (int) (pix >>> (2 * order));
        long local = pix & ((1L << (2 * order)) - 1);
        double[] out = new double[2];
        faceToAng(face, (compact(local) + 0.5) / nside, (compact(local >>> 1) + 0.5) / nside, out);
        return out;
    }

    /**
     * The 8 neighbours of a nested pixel in the order SW, W, NW, N, NE, E, SE, S (healpy's
     * get_all_neighbours order); -1 where a corner has only 7 neighbours (where three base faces meet).
     */
    public static long[] neighbours(int order, long pix) {
        checkPixel(order, pix);
        long n = 1L << order;
        int face = (int) (pix >>> (2 * order));
        long local = pix & ((1L << (2 * order)) - 1);
        long x = compact(local), y = compact(local >>> 1);
        long[] out = new long[8];
        long[] a = new long[3], b = new long[3];
        for (int d = 0; d < 8; d++) {
            long nx = x + NB_DX[d], ny = y + NB_DY[d];
            boolean xOut = nx < 0 || nx >= n, yOut = ny < 0 || ny >= n;
            if (!xOut && !yOut) {
                out[d] = xyfToNest(order, face, nx, ny);
                continue;
            }
            a[0] = face; a[1] = nx; a[2] = ny;
            crossAll(a, n, true);
            if (!(xOut && yOut)) {
                out[d] = xyfToNest(order, (int) a[0], a[1], a[2]);
                continue;
            }
            // Across a corner: where four faces meet, crossing the x edge then the y edge lands on the
            // same pixel as the other way round; where only three meet, the two routes disagree.
            b[0] = face; b[1] = nx; b[2] = ny;
            crossAll(b, n, false);
            out[d] = a[0] == b[0] && a[1] == b[1] && a[2] == b[2] ? xyfToNest(order, (int) a[0], a[1], a[2]) : -1;
        }
        return out;
    }

    /**
     * Every pixel at {@code order} that overlaps the disc (radius in degrees), and possibly a few
     * near misses: a pixel is kept when its centre is within radius + its circumscribed radius
     * (largest centre-to-corner distance, widened by {@link #EDGE_BULGE} for curved edges). Sorted.
     */
    public static long[] queryDiscInclusive(int order, double ra, double dec, double radiusDeg) {
        checkOrder(order);
        if (!(radiusDeg >= 0) || Double.isNaN(ra) || !(Math.abs(dec) <= 90)) {
            throw new IllegalArgumentException("query disc at (" + ra + ", " + dec + ") radius " + radiusDeg + " deg");
        }
        long[] hits = new long[16];
        int nHits = 0;
        double[] c = new double[2];
        long[] stack = new long[64 * 4];
        int[] orders = new int[64 * 4];
        int top = 0;
        for (int f = 11; f >= 0; f--) {
            stack[top] = f;
            orders[top++] = 0;
        }
        while (top > 0) {
            long p = stack[--top];
            int k = orders[top];
            double reach = radiusDeg + circumradiusDeg(k, p, c);
            if (Angles.separationDeg(ra, dec, c[0], c[1]) > reach) {
                continue;
            }
            if (k == order) {
                if (nHits == hits.length) {
                    hits = java.util.Arrays.copyOf(hits, 2 * nHits);
                }
                hits[nHits++] = p;
                continue;
            }
            if (top + 4 > stack.length) {
                stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                orders = java.util.Arrays.copyOf(orders, orders.length * 2);
            }
            for (int ch = 3; ch >= 0; ch--) {
                stack[top] = 4 * p + ch;
                orders[top++] = k + 1;
            }
        }
        long[] out = java.util.Arrays.copyOf(hits, nHits);
        java.util.Arrays.sort(out);
        return out;
    }

    /**
     * Factor on the centre-to-corner distance that bounds the distance to any boundary point: pixel
     * edges are curves on the sphere, but sampled edges never reach more than 0.1 % past the
     * farthest corner (HealpixTest measures it), so 2 % is a wide margin.
     */
    static final double EDGE_BULGE = 1.02;

    /** Largest centre-to-corner distance of a pixel times {@link #EDGE_BULGE}; writes the centre to c. */
    static double circumradiusDeg(int order, long pix, double[] c) {
        long nside = 1L << order;
        int face = (int) (pix >>> (2 * order));
        long local = pix & ((1L << (2 * order)) - 1);
        long x = compact(local), y = compact(local >>> 1);
        faceToAng(face, (x + 0.5) / nside, (y + 0.5) / nside, c);
        double[] corner = new double[2];
        double max = 0;
        for (int k = 0; k < 4; k++) {
            faceToAng(face, (double) (x + (k & 1)) / nside, (double) (y + (k >> 1)) / nside, corner);
            max = Math.max(max, Angles.separationDeg(c[0], c[1], corner[0], corner[1]));
        }
        return max * EDGE_BULGE + 1e-12;
    }

    /** {face, x, y} of a nested pixel: the inverse of {@link #xyfToNest}. */
    static long[] nestToXyf(int order, long pix) {
        checkPixel(order, pix);
        long local = pix & ((1L << (2 * order)) - 1);
        return new long[] {pix >>> (2 * order), compact(local), compact(local >>> 1)};
    }

    /** Nested index of the pixel at (x, y) on a base face. */
    public static long xyfToNest(int order, int face, long x, long y) {
        return ((long) face << (2 * order)) + interleave(x) + (interleave(y) << 1);
    }

    /**
     * Position of face coordinates (xf, yf in [0, 1], x towards the face's east corner's side: NE,
     * y towards NW, (0, 0) the south corner) as {ra, dec}. Works through the HEALPix projection
     * plane: u counts 90 degrees of RA, v = 1 at the north pole, v = +-1/2 at z = +-2/3; each face is
     * a diamond of unit diagonal there, equatorial faces centred at (c, 0), polar ones at
     * (c + 1/2, +-1/2). |v| <= 1/2 is linear in z (z = 4v/3); in the caps t = 2(1 - |v|) gives
     * 1 - |z| = t^2 / 3 and RA stretches by 1/t about the face's central meridian.
     */
    static void faceToAng(int face, double xf, double yf, double[] out) {
        int row = face >> 2, col = face & 3;
        double uc = row == 1 ? col : col + 0.5;
        double vBase = row == 0 ? 0.0 : row == 1 ? -0.5 : -1.0; // v of the face's south corner
        double u = uc + 0.5 * (xf - yf);
        double v = vBase + 0.5 * (xf + yf);
        double ra, dec;
        if (Math.abs(v) <= 0.5) {
            ra = u * 90.0;
            dec = Math.toDegrees(Math.asin(4.0 * v / 3.0));
        } else {
            double t = 2.0 * (1.0 - Math.abs(v)); // exact: v is a sum of dyadic fractions
            double oneMinusAbsZ = t * t / 3.0;
            // cos(dec) written through t so a pixel next to the pole keeps its precision
            double cosDec = t * Math.sqrt((2.0 - oneMinusAbsZ) / 3.0);
            double absDec = Math.toDegrees(Math.atan2(1.0 - oneMinusAbsZ, cosDec));
            dec = v > 0 ? absDec : -absDec;
            ra = t == 0 ? (col + 0.5) * 90.0 : (col + 0.5 + (u - col - 0.5) / t) * 90.0;
        }
        out[0] = Angles.normalizeRa(ra);
        out[1] = dec;
    }

    private static final int[] NB_DX = {-1, -1, 0, 1, 1, 1, 0, -1};
    private static final int[] NB_DY = {0, 1, 1, 1, 0, -1, -1, -1};

    /** Moves out-of-range face coordinates onto the adjacent face(s), x edge first or y edge first. */
    private static void crossAll(long[] fxy, long n, boolean xFirst) {
        for (int step = 0; step < 2; step++) {
            boolean xOut = fxy[1] < 0 || fxy[1] >= n, yOut = fxy[2] < 0 || fxy[2] >= n;
            if (!xOut && !yOut) {
                return;
            }
            crossEdge(fxy, n, xOut && (xFirst || !yOut));
        }
    }

    /**
     * Gluing of the base faces. Across edges that touch in the projection plane the coordinates
     * simply shift by nside; across the cuts next to the poles (NE/NW edges of the north faces,
     * SW/SE edges of the south faces) the neighbouring face is the next one round the pole, rotated
     * by 90 degrees about the corner the two edges share.
     */
    private static void crossEdge(long[] fxy, long n, boolean acrossX) {
        int f = (int) fxy[0], row = f >> 2, col = f & 3;
        long x = fxy[1], y = fxy[2];
        int nf;
        long nx, ny;
        if (acrossX && x >= n) { // NE edge
            if (row == 0) { nf = (col + 1) & 3; nx = y; ny = 2 * n - 1 - x; }
            else if (row == 1) { nf = col; nx = x - n; ny = y; }
            else { nf = 4 + ((col + 1) & 3); nx = x - n; ny = y; }
        } else if (acrossX) { // SW edge
            if (row == 0) { nf = 4 + col; nx = x + n; ny = y; }
            else if (row == 1) { nf = 8 + ((col + 3) & 3); nx = x + n; ny = y; }
            else { nf = 8 + ((col + 3) & 3); nx = y; ny = -1 - x; }
        } else if (y >= n) { // NW edge
            if (row == 0) { nf = (col + 3) & 3; nx = 2 * n - 1 - y; ny = x; }
            else if (row == 1) { nf = (col + 3) & 3; nx = x; ny = y - n; }
            else { nf = 4 + col; nx = x; ny = y - n; }
        } else { // SE edge
            if (row == 0) { nf = 4 + ((col + 1) & 3); nx = x; ny = y + n; }
            else if (row == 1) { nf = 8 + col; nx = x; ny = y + n; }
            else { nf = 8 + ((col + 1) & 3); nx = -1 - y; ny = x; }
        }
        fxy[0] = nf;
        fxy[1] = nx;
        fxy[2] = ny;
    }

    /** Gathers the even bits of v into the low 32 bits (inverse of interleave). */
    private static long compact(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0f0f0f0f0f0f0f0fL;
        v = (v | (v >>> 4)) & 0x00ff00ff00ff00ffL;
        v = (v | (v >>> 8)) & 0x0000ffff0000ffffL;
        v = (v | (v >>> 16)) & 0x00000000ffffffffL;
        return v;
    }

    private static void checkPixel(int order, long pix) {
        checkOrder(order);
        if (pix < 0 || pix >= pixelCount(order)) {
            throw new IllegalArgumentException("HEALPix pixel " + pix + " outside 0.." + (pixelCount(order) - 1) + " at order " + order);
        }
    }

    /** Spreads the low 32 bits of v to the even bit positions. */
    private static long interleave(long v) {
        v &= 0xffffffffL;
        v = (v | (v << 16)) & 0x0000ffff0000ffffL;
        v = (v | (v << 8)) & 0x00ff00ff00ff00ffL;
        v = (v | (v << 4)) & 0x0f0f0f0f0f0f0f0fL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    private static void checkOrder(int order) {
        if (order < 0 || order > 29) {
            throw new IllegalArgumentException("HEALPix order " + order + " outside 0..29");
        }
    }
}
