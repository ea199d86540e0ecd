package org.skysift.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.sky.Healpix;

@Tag("plain")
class HealpixMarginsTest {
    /**
     * Discs of twice the declared radius, centred at random points and at points crowded into the
     * corners and edges of fine pixels next to the poles, the seam and the three-face corners:
     * every point on them must fall in a partition pixel the centre visits.
     */
    @Test
    void aDiscOfTwiceTheRadiusNeverLeavesTheVisitedPixels() {
        SplittableRandom rng = new SplittableRandom(17);
        long[] visits = new long[9];
        int checked = 0, multi = 0;
        for (double radius : new double[] {5.0, 60.0, 900.0}) {
            HealpixMargins m = new HealpixMargins(5, radius);
            int fine = m.marginOrder();
            long n = 1L << (fine + 3);
            for (int t = 0; t < 15_000; t++) {
                double[] c;
                if (t % 2 == 0) {
                    c = new double[] {rng.nextDouble() * 360, Math.toDegrees(Math.asin(2 * rng.nextDouble() - 1))};
                } else {
                    // a pixel 3 orders finer in a face corner or along a face edge
                    int face = rng.nextInt(12);
                    long x = rng.nextBoolean() ? rng.nextLong(2) : n - 1 - rng.nextLong(2);
                    long y = rng.nextInt(4) == 0 ? rng.nextLong(n) : rng.nextBoolean() ? rng.nextLong(2) : n - 1 - rng.nextLong(2);
                    c = Healpix.nestToAng(fine + 3, Healpix.xyfToNest(fine + 3, face, x, y));
                }
                int k = m.visits(c[0], c[1], visits);
                assertThat(visits[0]).isEqualTo(m.home(c[0], c[1]));
                multi += k > 1 ? 1 : 0;
                for (int s = 0; s < 12; s++) {
                    double[] p = CrossMatcherTest.offset(c[0], c[1], 2 * radius / 3600 * (s < 8 ? 1 : rng.nextDouble()), rng.nextDouble() * 360);
                    long h = m.home(p[0], p[1]);
                    boolean found = false;
                    for (int q = 0; q < k; q++) {
                        found |= visits[q] == h;
                    }
                    assertThat(found).as("r=%s centre (%s, %s) point (%s, %s)", radius, c[0], c[1], p[0], p[1]).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(3 * 15_000 * 12);
        assertThat(multi).as("border rows do visit neighbours").isGreaterThan(500);
    }

    @Test
    void ordersFollowTheRadius() {
        // 5": pixels >= 40" across -> order 12 (51.5"); the partition order is capped by it
        assertThat(HealpixMargins.marginOrder(5.0)).isEqualTo(12);
        assertThat(new HealpixMargins(5, 5.0).partitionOrder()).isEqualTo(5);
        assertThat(new HealpixMargins(9, 3600.0).partitionOrder()).isEqualTo(HealpixMargins.marginOrder(3600.0)).isLessThan(9);
        assertThatThrownBy(() -> HealpixMargins.marginOrder(30 * 3600.0)).hasMessageContaining("too large");
        assertThatThrownBy(() -> HealpixMargins.marginOrder(0)).hasMessageContaining("must be > 0");
    }
}
