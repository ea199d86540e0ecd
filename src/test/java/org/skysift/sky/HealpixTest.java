package org.skysift.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class HealpixTest {
    @Test
    void baseFacesFollowTheNestedNumbering() {
        // faces 0-3 circle the north pole from RA 45, 4-7 straddle the equator from RA 0, 8-11 the south
        assertThat(Healpix.angToNest(0, 45, 60)).isEqualTo(0);
        assertThat(Healpix.angToNest(0, 135, 60)).isEqualTo(1);
        assertThat(Healpix.angToNest(0, 315, 60)).isEqualTo(3);
        assertThat(Healpix.angToNest(0, 0, 0)).isEqualTo(4);
        assertThat(Healpix.angToNest(0, 90, 0)).isEqualTo(5);
        assertThat(Healpix.angToNest(0, 359.9, 0)).isEqualTo(4);
        assertThat(Healpix.angToNest(0, 45, -60)).isEqualTo(8);
        assertThat(Healpix.angToNest(0, 315, -60)).isEqualTo(11);
    }

    @Test
    void childrenNestInsideTheirParents() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            double ra = rng.nextDouble() * 360;
            double dec = Math.toDegrees(Math.asin(2 * rng.nextDouble() - 1));
            for (int order = 1; order <= 29; order += 4) {
                assertThat(Healpix.angToNest(order, ra, dec) >> 2).isEqualTo(Healpix.angToNest(order - 1, ra, dec));
            }
            long deep = Healpix.angToNest(29, ra, dec);
            assertThat(deep).isBetween(0L, Healpix.pixelCount(29) - 1);
        }
    }

    @Test
    void pixelsHaveEqualAreas() {
        int order = 3; // 768 pixels
        int n = 768 * 400;
        int[] counts = new int[768];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            double ra = rng.nextDouble() * 360;
            double dec = Math.toDegrees(Math.asin(2 * rng.nextDouble() - 1));
            counts[(int) Healpix.angToNest(order, ra, dec)]++;
        }
        for (int c : counts) {
            // 400 expected; Poisson sigma 20, so 6 sigma bounds never trip by chance
            assertThat(c).isBetween(280, 520);
        }
    }

    @Test
    void ordersOutsideTheRangeAreRejected() {
        assertThatThrownBy(() -> Healpix.angToNest(30, 0, 0)).hasMessageContaining("order 30");
    }
}
