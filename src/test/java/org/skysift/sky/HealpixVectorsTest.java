package org.skysift.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Healpix against vectors written by healpy 1.16.1 (script in src/test/resources/healpix/README.md). */
@Tag("plain")
class HealpixVectorsTest {
    private static List<String[]> rows(String name) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                HealpixVectorsTest.class.getResourceAsStream("/healpix/" + name), StandardCharsets.UTF_8))) {
            List<String[]> out = new ArrayList<>();
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line.split(",", -1));
            }
            return out;
        }
    }

    @Test
    void angToNestMatchesHealpyAtEveryOrderIncludingPolesAndTheSeam() throws IOException {
        List<String[]> rows = rows("ang2pix.csv");
        assertThat(rows).hasSizeGreaterThan(1000);
        for (String[] r : rows) {
            int order = Integer.parseInt(r[0]);
            double ra = Double.parseDouble(r[1]), dec = Double.parseDouble(r[2]);
            assertThat(Healpix.angToNest(order, ra, dec)).as("order %d at (%s, %s)", order, r[1], r[2])
                    .isEqualTo(Long.parseLong(r[3]));
        }
    }

    @Test
    void pixelCentresMatchHealpy() throws IOException {
        List<String[]> rows = rows("pix2ang.csv");
        assertThat(rows).hasSizeGreaterThan(600);
        for (String[] r : rows) {
            int order = Integer.parseInt(r[0]);
            long pix = Long.parseLong(r[1]);
            double ra = Double.parseDouble(r[2]), dec = Double.parseDouble(r[3]);
            double[] got = Healpix.nestToAng(order, pix);
            // 1e-7 arcsec: far below the order-29 pixel (0.4 mas), above double rounding in either code
            assertThat(Angles.separationArcsec(got[0], got[1], ra, dec)).as("order %d pixel %d", order, pix)
                    .isLessThan(1e-7);
            assertThat(got[0]).isBetween(0.0, 360.0).isNotEqualTo(360.0);
            // a pixel's centre lies in the pixel
            assertThat(Healpix.angToNest(order, got[0], got[1])).isEqualTo(pix);
        }
    }

    @Test
    void neighboursMatchHealpyIncludingTheMissingCornerNeighbours() throws IOException {
        List<String[]> rows = rows("neighbours.csv");
        int missing = 0;
        for (String[] r : rows) {
            int order = Integer.parseInt(r[0]);
            long pix = Long.parseLong(r[1]);
            long[] want = new long[8];
            for (int i = 0; i < 8; i++) {
                want[i] = Long.parseLong(r[2 + i]);
                missing += want[i] < 0 ? 1 : 0;
            }
            assertThat(Healpix.neighbours(order, pix)).as("order %d pixel %d", order, pix).containsExactly(want);
        }
        assertThat(missing).as("vectors include the 7-neighbour corners").isGreaterThan(100);
    }

    @Test
    void inclusiveDiscAgreesWithHealpyUpToHealpysOwnNearMisses() throws IOException {
        List<String[]> rows = rows("query_disc.csv");
        for (int i = 0; i < rows.size(); i += 2) {
            String[] exact = rows.get(i), inclusive = rows.get(i + 1);
            int order = Integer.parseInt(exact[0]);
            double ra = Double.parseDouble(exact[1]), dec = Double.parseDouble(exact[2]), r = Double.parseDouble(exact[3]);
            TreeSet<Long> got = new TreeSet<>();
            for (long p : Healpix.queryDiscInclusive(order, ra, dec, r)) {
                got.add(p);
            }
            TreeSet<Long> centresInside = parse(exact[5]);
            TreeSet<Long> healpyInclusive = parse(inclusive[5]);
            String what = "order " + order + " disc (" + ra + ", " + dec + ") r=" + r;
            assertThat(got).as(what).containsAll(centresInside);
            int healpyOnly = 0;
            for (long p : healpyInclusive) {
                if (!got.contains(p)) {
                    // healpy's inclusive answer may hold pixels clear of the disc; only those may be missing
                    assertThat(boundaryDistanceDeg(order, p, ra, dec)).as(what + " pixel " + p).isGreaterThan(r);
                    healpyOnly++;
                }
            }
            assertThat(healpyOnly).as(what).isLessThanOrEqualTo(2);
            assertThat(got.size()).as(what).isLessThanOrEqualTo(healpyInclusive.size() * 3 / 2 + 4);
        }
    }

    @Test
    void inclusiveDiscHoldsEveryPixelThatAPointOfTheDiscFallsIn() {
        SplittableRandom rng = new SplittableRandom(11);
        double[][] discs = {{0, 90, 3}, {359.9, 0.1, 1}, {45, 41.81, 2}, {200, -89.5, 0.7}, {90, -41.81, 0.5}, {10, 10, 0.05}};
        int[] orders = {4, 6, 6, 7, 8, 12};
        for (int d = 0; d < discs.length; d++) {
            double ra0 = discs[d][0], dec0 = discs[d][1], r = discs[d][2];
            long[] got = Healpix.queryDiscInclusive(orders[d], ra0, dec0, r);
            for (int i = 0; i < 20_000; i++) {
                // uniform in the disc, and many right on its rim
                double rr = i % 2 == 0 ? r * Math.sqrt(rng.nextDouble()) : r * (1 - 1e-9);
                double[] p = offset(ra0, dec0, rr, rng.nextDouble() * 360);
                assertThat(Arrays.binarySearch(got, Healpix.angToNest(orders[d], p[0], p[1]))).isNotNegative();
            }
        }
    }

    @Test
    void pixelEdgesStayWithinTheBulgeFactorOfTheFarthestCorner() {
        SplittableRandom rng = new SplittableRandom(3);
        double worst = 0;
        double[] c = new double[2], q = new double[2];
        for (int order : new int[] {0, 1, 2, 3, 6, 10, 16}) {
            for (int k = 0; k < 400; k++) {
                long pix = order < 3 ? k % Healpix.pixelCount(order) : rng.nextLong(Healpix.pixelCount(order));
                double reach = Healpix.circumradiusDeg(order, pix, c) / Healpix.EDGE_BULGE;
                long n = 1L << order;
                int face = (int) (pix >>> (2 * order));
                long x = compactX(order, pix), y = compactX(order, pix >>> 1);
                for (int s = 0; s <= 64; s++) {
                    double f = s / 64.0;
                    double[][] edge = {{x + f, y}, {x + f, y + 1}, {x, y + f}, {x + 1, y + f}};
                    for (double[] e : edge) {
                        Healpix.faceToAng(face, e[0] / n, e[1] / n, q);
                        worst = Math.max(worst, Angles.separationDeg(c[0], c[1], q[0], q[1]) / reach);
                    }
                }
            }
        }
        assertThat(worst).isLessThan(1.001).isLessThan(Healpix.EDGE_BULGE);
    }

    /** Smallest distance from (ra, dec) to a pixel's boundary, sampled 256 times per edge. */
    private static double boundaryDistanceDeg(int order, long pix, double ra, double dec) {
        long n = 1L << order;
        int face = (int) (pix >>> (2 * order));
        long x = compactX(order, pix), y = compactX(order, pix >>> 1);
        double[] q = new double[2];
        double min = Double.MAX_VALUE;
        for (int s = 0; s <= 256; s++) {
            double f = s / 256.0;
            double[][] edge = {{x + f, y}, {x + f, y + 1}, {x, y + f}, {x + 1, y + f}};
            for (double[] e : edge) {
                Healpix.faceToAng(face, e[0] / n, e[1] / n, q);
                min = Math.min(min, Angles.separationDeg(ra, dec, q[0], q[1]));
            }
        }
        return min;
    }

    private static long compactX(int order, long pix) {
        long local = pix & ((1L << (2 * order)) - 1), out = 0;
        for (int b = 0; b < order; b++) {
            out |= ((local >>> (2 * b)) & 1L) << b;
        }
        return out;
    }

    /** The point at distance r (deg) from (ra, dec) towards position angle pa (deg). */
    static double[] offset(double ra, double dec, double r, double pa) {
        double d0 = Math.toRadians(dec), rr = Math.toRadians(r), a = Math.toRadians(pa);
        double sd = Math.sin(d0) * Math.cos(rr) + Math.cos(d0) * Math.sin(rr) * Math.cos(a);
        double dec1 = Math.asin(Math.max(-1, Math.min(1, sd)));
        double ra1 = Math.toRadians(ra) + Math.atan2(Math.sin(a) * Math.sin(rr) * Math.cos(d0), Math.cos(rr) - Math.sin(d0) * sd);
        return new double[] {Angles.normalizeRa(Math.toDegrees(ra1)), Math.toDegrees(dec1)};
    }

    private static TreeSet<Long> parse(String s) {
        TreeSet<Long> out = new TreeSet<>();
        for (String t : s.trim().split(" ")) {
            if (!t.isEmpty()) {
                out.add(Long.parseLong(t));
            }
        }
        return out;
    }
}
