package org.skysift.sky;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * Region to tiles: random points of the region (drawn without the production code) each fall in a
 * returned tile, and each returned tile reaches the region.
 */
@Tag("plain")
class RegionTilesTest {
    private static final int POINTS = 20_000;

    @Test
    void forEachWithinFindsExactlyTheCentresInReach() {
        Hex30Tiling tiling = new Hex30Tiling(120);
        Tile[] all = allTiles(tiling);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            double ra = rng.nextDouble() * 360;
            double dec = i < 20 ? (i % 2 == 0 ? 1 : -1) * (85 + 5 * rng.nextDouble()) : Math.toDegrees(Math.asin(2 * rng.nextDouble() - 1));
            double r = i % 50 == 0 ? 30 + rng.nextDouble() * 150 : rng.nextDouble() * 6;
            Set<Long> expected = new HashSet<>();
            for (Tile t : all) {
                if (Angles.separationDeg(ra, dec, t.ra(), t.dec()) <= r) {
                    expected.add(t.id());
                }
            }
            Set<Long> got = new HashSet<>();
            tiling.forEachWithin(ra, dec, r, got::add);
            assertThat(got).as("centres within %f deg of (%f, %f)", r, ra, dec).isEqualTo(expected);
        }
    }

    @Test
    void coneCoveredExactly() {
        check(new SkyRegion.Cone(10.6847, 41.269, 1.0), new Hex30Tiling(15), 1);
    }

    @Test
    void regionsNarrowerThanATileHoldNoCornerOfIt() {
        Hex30Tiling tiling = new Hex30Tiling(20);
        assertThat(check(new SkyRegion.Cone(123.4, -45.6, 0.05), tiling, 8)).hasSizeLessThanOrEqualTo(4);
        check(new SkyRegion.Box(350, 10, 30, 30.04), tiling, 9);
    }

    @Test
    void coneAcrossRaZero() {
        long[] ids = check(new SkyRegion.Cone(359.8, -20, 0.7), new Hex30Tiling(20), 2);
        Hex30Tiling tiling = new Hex30Tiling(20);
        assertThat(Arrays.stream(ids).mapToDouble(id -> tiling.tile(id).ra())).anyMatch(ra -> ra < 1).anyMatch(ra -> ra > 359);
    }

    @Test
    void coneHoldingTheNorthPole() {
        Hex30Tiling tiling = new Hex30Tiling(20);
        long[] ids = check(new SkyRegion.Cone(200, 88.8, 1.5), tiling, 3);
        assertThat(ids).contains(tiling.tileIdFor(0, 90));
    }

    @Test
    void boxAcrossRaZero() {
        SkyRegion.Box box = new SkyRegion.Box(359, 1.5, -1, 1);
        assertThat(box.contains(0.2, 0)).isTrue();
        assertThat(box.contains(180, 0)).isFalse();
        assertThat(box.contains(358.9, 0)).isFalse();
        check(box, new Hex30Tiling(20), 4);
    }

    @Test
    void boxTouchingThePoles() {
        Hex30Tiling tiling = new Hex30Tiling(20);
        assertThat(check(new SkyRegion.Box(10, 50, 88.5, 90), tiling, 5)).contains(tiling.tileIdFor(0, 90));
        assertThat(check(new SkyRegion.Box(0, 360, -90, -88.7), tiling, 6)).contains(tiling.tileIdFor(0, -90));
    }

    @Test
    void healpixPixelsOnTheEquatorAndInAPolarCap() {
        int order = 6; // 55' pixels
        long[] pixels = {Healpix.angToNest(order, 45, 1), Healpix.angToNest(order, 46, 1.5), Healpix.angToNest(order, 123, 87),
                Healpix.angToNest(order, 300, -89.5)};
        SkyRegion.HealpixPixels region = new SkyRegion.HealpixPixels(order, pixels);
        long[] ids = check(region, new Hex30Tiling(15), 7);
        assertThat(ids.length).isLessThan(200);
    }

    /** Runs both checks and returns the cover. */
    private static long[] check(SkyRegion region, Hex30Tiling tiling, long seed) {
        long[] ids = RegionTiles.cover(region, tiling);
        assertThat(ids).isNotEmpty().isSorted().doesNotHaveDuplicates();
        Set<Long> set = new HashSet<>();
        Arrays.stream(ids).forEach(set::add);
        SplittableRandom rng = new SplittableRandom(seed);
        int inside = 0;
        while (inside < POINTS) {
            double[] p = candidatePoint(region, rng);
            if (!independentContains(region, p[0], p[1], 0)) {
                continue;
            }
            inside++;
            long own = tiling.tileIdFor(p[0], p[1]);
            assertThat(set).as("the tile of (%f, %f) in %s", p[0], p[1], region).contains(own);
        }
        // and points hugging the boundary, where a missed tile would show: bisect between a point inside and one outside
        int hugging = 0;
        double[] in = null;
        int tries = 0;
        while (hugging < POINTS / 4 && tries++ < 50 * POINTS) {
            double[] p = candidatePoint(region, rng);
            boolean isIn = independentContains(region, p[0], p[1], 0);
            if (isIn && in == null) {
                in = p;
            }
            if (isIn || in == null) {
                continue;
            }
            double[] a = Angles.toUnit(in[0], in[1]), b = Angles.toUnit(p[0], p[1]);
            double lo = 0, hi = 1;
            for (int k = 0; k < 50; k++) {
                double mid = (lo + hi) / 2;
                double[] m = between(a, b, mid);
                if (independentContains(region, m[0], m[1], 0)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double[] edge = between(a, b, lo);
            hugging++;
            in = null;
            assertThat(set).as("the tile of boundary point (%f, %f) in %s", edge[0], edge[1], region)
                    .contains(tiling.tileIdFor(edge[0], edge[1]));
        }
        assertThat(hugging).as("boundary points drawn").isEqualTo(POINTS / 4);
        double tol = tiling.tileArcmin() / 60.0 * 1e-3;
        for (long id : ids) {
            assertThat(reaches(tiling.tile(id), (ra, dec) -> independentContains(region, ra, dec, tol)))
                    .as("tile %d reaches %s", id, region).isTrue();
        }
        return ids;
    }

    /** The point a fraction f of the way from unit vector a to b (along the chord, projected back to the sphere). */
    private static double[] between(double[] a, double[] b, double f) {
        double x = a[0] + f * (b[0] - a[0]), y = a[1] + f * (b[1] - a[1]), z = a[2] + f * (b[2] - a[2]);
        return new double[] {Angles.normalizeRa(Math.toDegrees(Math.atan2(y, x))), Math.toDegrees(Math.atan2(z, Math.hypot(x, y)))};
    }

    /** Whether a 101 x 101 grid on the tile's square or 1000 points along each side have a point in the region. */
    private static boolean reaches(Tile t, BiPredicate<Double, Double> in) {
        Gnomonic g = Gnomonic.at(t.ra(), t.dec());
        double hw = t.widthArcmin() / 120.0;
        for (int i = 0; i <= 100; i++) {
            for (int j = 0; j <= 100; j++) {
                double[] p = g.deproject(hw * (i / 50.0 - 1), hw * (j / 50.0 - 1));
                if (in.test(p[0], p[1])) {
                    return true;
                }
            }
        }
        for (int i = 0; i <= 1000; i++) {
            double f = i / 500.0 - 1;
            for (double[] xy : new double[][] {{f * hw, -hw}, {f * hw, hw}, {-hw, f * hw}, {hw, f * hw}}) {
                double[] p = g.deproject(xy[0], xy[1]);
                if (in.test(p[0], p[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Membership written here from the definitions, widened by tol degrees. */
    private static boolean independentContains(SkyRegion region, double ra, double dec, double tol) {
        if (region instanceof SkyRegion.Cone c) {
            return Angles.separationDeg(c.ra(), c.dec(), ra, dec) <= c.radiusDeg() + tol;
        }
        if (region instanceof SkyRegion.Box b) {
            if (dec < b.decMin() - tol || dec > b.decMax() + tol) {
                return false;
            }
            double span = b.raMax() > b.raMin() ? b.raMax() - b.raMin() : b.raMax() + 360 - b.raMin();
            double slack = tol / Math.max(1e-9, Math.cos(Math.toRadians(dec)));
            double east = ((ra - b.raMin()) % 360 + 360) % 360;
            return span >= 360 || east <= span + slack || east >= 360 - slack || Math.abs(dec) > 90 - tol;
        }
        SkyRegion.HealpixPixels h = (SkyRegion.HealpixPixels) region;
        if (tol == 0) {
            return Arrays.binarySearch(h.pixels(), Healpix.angToNest(h.order(), ra, dec)) >= 0;
        }
        for (double[] d : new double[][] {{0, 0}, {tol, 0}, {-tol, 0}, {0, tol}, {0, -tol}}) {
            double pdec = Math.max(-90, Math.min(90, dec + d[1]));
            double pra = ra + d[0] / Math.max(1e-9, Math.cos(Math.toRadians(dec)));
            if (Arrays.binarySearch(h.pixels(), Healpix.angToNest(h.order(), pra, pdec)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** A point drawn uniformly on the sphere within a loose RA/Dec window round the region. */
    private static double[] candidatePoint(SkyRegion region, SplittableRandom rng) {
        double raLo, raSpan, decLo, decHi;
        if (region instanceof SkyRegion.Cone c) {
            decLo = Math.max(-90, c.dec() - c.radiusDeg());
            decHi = Math.min(90, c.dec() + c.radiusDeg());
            double maxAbs = Math.max(Math.abs(decLo), Math.abs(decHi));
            raSpan = maxAbs >= 89.999 || c.radiusDeg() > 30 ? 360 : 2.2 * c.radiusDeg() / Math.cos(Math.toRadians(maxAbs));
            raLo = raSpan >= 360 ? 0 : c.ra() - raSpan / 2;
        } else if (region instanceof SkyRegion.Box b) {
            // a fifth more each side, so some points fall outside
            double dd = 0.2 * (b.decMax() - b.decMin());
            decLo = Math.max(-90, b.decMin() - dd);
            decHi = Math.min(90, b.decMax() + dd);
            double span = b.raMax() > b.raMin() ? b.raMax() - b.raMin() : b.raMax() + 360 - b.raMin();
            raSpan = Math.min(360, 1.4 * span);
            raLo = b.raMin() - (raSpan - span) / 2;
        } else {
            // one of the pixels, then a window of twice its size round its centre
            SkyRegion.HealpixPixels h = (SkyRegion.HealpixPixels) region;
            double[] c = Healpix.nestToAng(h.order(), h.pixels()[rng.nextInt(h.pixels().length)]);
            double size = 2 * Math.sqrt(41253.0 / Healpix.pixelCount(h.order()));
            decLo = Math.max(-90, c[1] - size);
            decHi = Math.min(90, c[1] + size);
            double maxAbs = Math.max(Math.abs(decLo), Math.abs(decHi));
            raSpan = maxAbs > 85 ? 360 : 2 * size / Math.cos(Math.toRadians(maxAbs));
            raLo = raSpan >= 360 ? 0 : c[0] - raSpan / 2;
        }
        double z = Math.sin(Math.toRadians(decLo)) + rng.nextDouble() * (Math.sin(Math.toRadians(decHi)) - Math.sin(Math.toRadians(decLo)));
        return new double[] {Angles.normalizeRa(raLo + rng.nextDouble() * raSpan), Math.toDegrees(Math.asin(z))};
    }

    private static Tile[] allTiles(Hex30Tiling tiling) {
        java.util.List<Tile> out = new java.util.ArrayList<>();
        for (long ring = 0; ; ring++) {
            long first = ring * Hex30Tiling.RING_FACTOR;
            try {
                tiling.tile(first);
            } catch (IllegalArgumentException e) {
                break;
            }
            for (long j = 0; ; j++) {
                try {
                    out.add(tiling.tile(first + j));
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        return out.toArray(new Tile[0]);
    }
}
