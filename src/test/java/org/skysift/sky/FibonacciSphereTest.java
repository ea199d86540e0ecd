package org.skysift.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class FibonacciSphereTest {
    @Test
    void sameArgumentsGiveSamePointsAndTheSeedRotatesThem() {
        // one rigid turn in RA for every point, neither 0 nor a full turn; the unseeded spiral steps by the
        // golden angle, 137.50776405003785 deg, and its decs are asin(1 - (2i + 1) / n)
        double turn = Angles.normalizeRa(FibonacciSphere.point(0, 100_000, 5)[0] - FibonacciSphere.point(0, 100_000, 0)[0]);
        assertThat(turn).isBetween(1e-6, 360 - 1e-6);
        for (long i : new long[] {0, 1, 777, 99_999}) {
            assertThat(FibonacciSphere.point(i, 100_000, 3)).containsExactly(FibonacciSphere.point(i, 100_000, 3));
            double[] a = FibonacciSphere.point(i, 100_000, 0);
            double[] b = FibonacciSphere.point(i, 100_000, 5);
            assertThat(a[0]).isCloseTo(Angles.normalizeRa(i * 137.50776405003785), within(1e-6));
            assertThat(a[1]).isCloseTo(Math.toDegrees(Math.asin(1 - (2.0 * i + 1) / 100_000)), within(1e-12));
            assertThat(b[1]).isEqualTo(a[1]);
            double d = Angles.normalizeRa(b[0] - a[0]);
            assertThat(Math.min(Math.abs(d - turn), 360 - Math.abs(d - turn))).as("turn of point %d", i).isLessThan(1e-8);
        }
    }

    @Test
    void pointsSpreadEvenlyOverEqualAreaPixels() {
        int n = 100_000;
        int order = 2; // 192 equal-area pixels, ~521 points each
        int[] counts = new int[(int) Healpix.pixelCount(order)];
        for (int i = 0; i < n; i++) {
            double[] p = FibonacciSphere.point(i, n, 0);
            assertThat(p[0]).isBetween(0.0, 360.0);
            assertThat(p[1]).isBetween(-90.0, 90.0);
            counts[(int) Healpix.angToNest(order, p[0], p[1])]++;
        }
        double expected = (double) n / counts.length;
        for (int c : counts) {
            assertThat(c / expected).isCloseTo(1.0, within(0.03));
        }
    }

    @Test
    void nearestNeighbourDistancesAreNearlyUniform() {
        int n = 2000;
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = FibonacciSphere.point(i, n, 0);
        }
        double min = Double.MAX_VALUE, max = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    best = Math.min(best, Angles.separationDeg(p[i][0], p[i][1], p[j][0], p[j][1]));
                }
            }
            min = Math.min(min, best);
            max = Math.max(max, best);
        }
        // a random distribution would give a ratio near 0; the spiral keeps it close to 1
        assertThat(min / max).isGreaterThan(0.5);
    }
}
