package org.skysift.sky;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A closed region of the sky that targets can cover: a cone, an RA/Dec box or a set of HEALPix
 * pixels. {@link RegionTiles} needs three things of it: membership, the tiles that might reach it,
 * and points along its boundary.
 */
public sealed interface SkyRegion extends Serializable {

    /** Whether the position is in the region. */
    boolean contains(double ra, double dec);

    /**
     * Every tile whose centre is within padDeg of the region (a few more are fine): a tile reaching
     * the region with its centre outside has a boundary point inside its square, so within its
     * half-diagonal.
     */
    void nearTiles(Hex30Tiling tiling, double padDeg, LongConsumer out);

    /** Points on the boundary, corners included, neighbours no further apart than stepDeg; none for the whole sky. */
    void boundary(double stepDeg, PointSink out);

    /** Receives boundary points. */
    @FunctionalInterface
    interface PointSink {
        void accept(double ra, double dec);
    }

    /** Points within radiusDeg (up to 180) of (ra, dec). */
    record Cone(double ra, double dec, double radiusDeg) implements SkyRegion {
        @Override
        public boolean contains(double pra, double pdec) {
            return Angles.separationDeg(ra, dec, pra, pdec) <= radiusDeg;
        }

        @Override
        public void nearTiles(Hex30Tiling tiling, double padDeg, LongConsumer out) {
            tiling.forEachWithin(ra, dec, radiusDeg + padDeg, out);
        }

        @Override
        public void boundary(double stepDeg, PointSink out) {
            if (radiusDeg >= 180) {
                return;
            }
            double r = Math.toRadians(radiusDeg), d = Math.toRadians(dec);
            int n = Math.max(8, (int) Math.ceil(360.0 * Math.sin(r) / stepDeg));
            for (int i = 0; i < n; i++) {
                // the point at distance r along bearing theta (east of north) from the centre
                double theta = 2 * Math.PI * i / n;
                double sinDec = Math.sin(d) * Math.cos(r) + Math.cos(d) * Math.sin(r) * Math.cos(theta);
                double dec2 = Math.asin(Math.max(-1, Math.min(1, sinDec)));
                double dra = Math.atan2(Math.sin(theta) * Math.sin(r) * Math.cos(d), Math.cos(r) - Math.sin(d) * sinDec);
                out.accept(Angles.normalizeRa(ra + Math.toDegrees(dra)), Math.toDegrees(dec2));
            }
        }
    }

    /**
     * RA from raMin eastwards to raMax (across RA 0 when raMin &gt; raMax; 0 to 360 is all RA), Dec
     * from decMin to decMax. Its sides are meridians and parallels, so it is not a spherical polygon.
     */
    record Box(double raMin, double raMax, double decMin, double decMax) implements SkyRegion {
        /** RA extent in degrees, in (0, 360]. */
        double raSpan() {
            double span = raMax - raMin;
            return span > 0 ? span : span + 360.0;
        }

        @Override
        public boolean contains(double ra, double dec) {
            if (!(dec >= decMin && dec <= decMax)) {
                return false;
            }
            return raSpan() >= 360.0 || Angles.normalizeRa(ra - raMin) <= raSpan()
                    || Math.abs(dec) == 90.0; // all RA meet at a pole
        }

        /** Chunks of at most this many degrees a side, each reached through the cap round it. */
        private static final double CHUNK_DEG = 10.0;

        @Override
        public void nearTiles(Hex30Tiling tiling, double padDeg, LongConsumer out) {
            int nRa = (int) Math.ceil(raSpan() / CHUNK_DEG), nDec = (int) Math.ceil((decMax - decMin) / CHUNK_DEG);
            for (int i = 0; i < nRa; i++) {
                for (int k = 0; k < nDec; k++) {
                    double ra0 = raMin + raSpan() * i / nRa, ra1 = raMin + raSpan() * (i + 1) / nRa;
                    double d0 = decMin + (decMax - decMin) * k / nDec, d1 = decMin + (decMax - decMin) * (k + 1) / nDec;
                    double ra = (ra0 + ra1) / 2, dec = (d0 + d1) / 2;
                    // distances from the centre grow along each side towards its ends, so the corners
                    // and mid-sides bound the chunk; 1 % more for the curvature in between
                    double reach = 0;
                    for (double pra : new double[] {ra0, ra, ra1}) {
                        for (double pdec : new double[] {d0, dec, d1}) {
                            reach = Math.max(reach, Angles.separationDeg(ra, dec, pra, pdec));
                        }
                    }
                    tiling.forEachWithin(ra, dec, Math.min(180.0, reach * 1.01 + padDeg), out);
                }
            }
        }

        @Override
        public void boundary(double stepDeg, PointSink out) {
            if (raSpan() < 360.0) {
                int nm = Math.max(1, (int) Math.ceil((decMax - decMin) / stepDeg));
                for (int i = 0; i <= nm; i++) {
                    double dec = decMin + (decMax - decMin) * i / nm;
                    out.accept(Angles.normalizeRa(raMin), dec);
                    out.accept(Angles.normalizeRa(raMax), dec);
                }
            }
            for (double dec : new double[] {decMin, decMax}) {
                double len = raSpan() * Math.cos(Math.toRadians(dec));
                int np = Math.max(1, (int) Math.ceil(len / stepDeg));
                for (int i = 0; i <= np; i++) {
                    out.accept(Angles.normalizeRa(raMin + raSpan() * i / np), dec);
                }
            }
        }
    }

    /** Nested HEALPix pixels at one order. */
    record HealpixPixels(int order, long[] pixels) implements SkyRegion {
        public HealpixPixels {
            pixels = Arrays.stream(pixels).sorted().distinct().toArray();
        }

        @Override
        public boolean contains(double ra, double dec) {
            return Arrays.binarySearch(pixels, Healpix.angToNest(order, ra, dec)) >= 0;
        }

        @Override
        public void nearTiles(Hex30Tiling tiling, double padDeg, LongConsumer out) {
            double[] c = new double[2];
            for (long p : pixels) {
                double r = Healpix.circumradiusDeg(order, p, c);
                tiling.forEachWithin(c[0], c[1], Math.min(180.0, r + padDeg), out);
            }
        }

        @Override
        public void boundary(double stepDeg, PointSink out) {
            double nside = 1L << order;
            double[] a = new double[2], b = new double[2];
            // corners in face coordinates, walked round the pixel
            int[][] corners = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
            for (long p : pixels) {
                long[] fxy = Healpix.nestToXyf(order, p);
                int face = (int) fxy[0];
                for (int e = 0; e < 4; e++) {
                    double x0 = (fxy[1] + corners[e][0]) / nside, y0 = (fxy[2] + corners[e][1]) / nside;
                    double x1 = (fxy[1] + corners[e + 1][0]) / nside, y1 = (fxy[2] + corners[e + 1][1]) / nside;
                    Healpix.faceToAng(face, x0, y0, a);
                    Healpix.faceToAng(face, x1, y1, b);
                    // edges are curves, a few per cent longer than their chord (Healpix.EDGE_BULGE),
                    // and the spacing along them is uneven in the polar caps: twice the chord's count of steps
                    double len = 2 * Angles.separationDeg(a[0], a[1], b[0], b[1]);
                    int n = Math.max(1, (int) Math.ceil(len / stepDeg));
                    for (int i = 0; i < n; i++) {
                        double t = (double) i / n;
                        Healpix.faceToAng(face, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, a);
                        out.accept(a[0], a[1]);
                    }
                }
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HealpixPixels h && h.order == order && Arrays.equals(h.pixels, pixels);
        }

        @Override
        public int hashCode() {
            return 31 * order + Arrays.hashCode(pixels);
        }

        @Override
        public String toString() {
            return "HealpixPixels[order=" + order + ", pixels=" + Arrays.toString(pixels) + "]";
        }
    }
}
