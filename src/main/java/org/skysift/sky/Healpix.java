package org.skysift.sky;

/**
 * HEALPix pixel index in the NESTED scheme (Gorski et al. 2005, ApJ 622, 759), orders 0..29.
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
