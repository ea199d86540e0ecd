package org.skysift.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class Hex30TilingTest {
    private final Hex30Tiling tiling = new Hex30Tiling(60);

    @Test
    void everyPointOfAFibonacciSphereLiesInsideItsTile() {
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double[] p = FibonacciSphere.point(i, n, 0);
            Tile t = tiling.tileFor(p[0], p[1]);
            assertThat(Angles.separationDeg(p[0], p[1], t.ra(), t.dec()))
                    .as("point %d (%f, %f) in tile %d", i, p[0], p[1], t.id())
                    .isLessThanOrEqualTo(t.halfDiagonalDeg());
            assertThat(t.contains(p[0], p[1])).as("point %d inside the square of tile %d", i, t.id()).isTrue();
        }
    }

    @Test
    void polarCapsAndTheRaSeamAreCovered() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            double ra = rng.nextDouble() * 360;
            double dec = (i % 2 == 0 ? 1 : -1) * (88.0 + 2.0 * rng.nextDouble());
            assertThat(tiling.tileFor(ra, dec).contains(ra, dec)).as("(%f, %f)", ra, dec).isTrue();
            double raSeam = rng.nextBoolean() ? 360 - rng.nextDouble() * 0.7 : rng.nextDouble() * 0.7;
            double decSeam = rng.nextDouble() * 180 - 90;
            assertThat(tiling.tileFor(raSeam, decSeam).contains(raSeam, decSeam)).as("(%f, %f)", raSeam, decSeam).isTrue();
        }
        assertThat(tiling.tileFor(123, 90).dec()).isEqualTo(90);
        assertThat(tiling.tileFor(0, -90).dec()).isEqualTo(-90);
    }

    @Test
    void pointsEitherSideOfRaZeroShareTheTileCentredThere() {
        // 60' tiles: 258 rings 180/258 deg apart; odd rings are offset by half a step, so the equator's (ring 129)
        // has no tile at RA 0, and ring 130 (dec 0.698 deg) has one. (This check used to sit in an
        // if (tile.ra() == 0) on the equator, which never held, so it never ran.)
        Tile t = tiling.tileFor(0.0, 0.7);
        assertThat(t.ra()).isZero();
        assertThat(t.dec()).isCloseTo(130 * 180.0 / 258 - 90, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(tiling.tileIdFor(359.999, t.dec())).isEqualTo(t.id());
        assertThat(tiling.tileIdFor(0.001, t.dec())).isEqualTo(t.id());
        assertThat(tiling.tileFor(-0.001, t.dec()).id()).isEqualTo(t.id());
        // on the equator, RA 0 lies between two tiles centred half a step either side
        Tile west = tiling.tileFor(359.999, 0.0), east = tiling.tileFor(0.001, 0.0);
        double step = 360.0 / Math.ceil(360.0 / 0.85); // 424 tiles of at most 0.85 deg apart
        assertThat(west.ra()).isCloseTo(360 - step / 2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(east.ra()).isCloseTo(step / 2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(tiling.tileFor(360.0, 0.0).id()).isEqualTo(tiling.tileFor(0.0, 0.0).id());
    }

    @Test
    void tileIdsAreStableAndEachCentreMapsToItsOwnTile() {
        Tile a = tiling.tileFor(10.6847, 41.2690);
        Tile b = new Hex30Tiling(60).tileFor(10.6847, 41.2690);
        assertThat(a).isEqualTo(b);
        assertThat(tiling.tile(a.id())).isEqualTo(a);
        int checked = 0;
        for (long ring = 0; ring <= 300; ring += 7) {
            for (long j = 0; j < 40; j++) {
                long id = ring * Hex30Tiling.RING_FACTOR + j;
                Tile t;
                try {
                    t = tiling.tile(id);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                assertThat(tiling.tileIdFor(t.ra(), t.dec())).isEqualTo(id);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void tileCountIsWithinTheHexPackingBudget() {
        double sphereDeg2 = 4 * Math.PI * Math.pow(180 / Math.PI, 2);
        long n = tiling.tileCount();
        // each 1 deg^2 square keeps a hexagonal cell of 0.6 deg^2: about 1.7 tiles per square degree
        assertThat(n).isBetween((long) (sphereDeg2 * 1.4), (long) (sphereDeg2 * 2.0));
    }

    @Test
    void smallerTilesAlsoCover() {
        Hex30Tiling small = new Hex30Tiling(15);
        for (int i = 0; i < 20_000; i++) {
            double[] p = FibonacciSphere.point(i, 20_000, 1);
            assertThat(small.tileFor(p[0], p[1]).contains(p[0], p[1])).isTrue();
        }
    }
}
