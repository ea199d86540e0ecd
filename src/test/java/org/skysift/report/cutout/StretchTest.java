package org.skysift.report.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class StretchTest {

    /** numpy's default percentile, by sorting: linear between order statistics at rank p/100 (m - 1). */
    private static double bySort(float[] values, double p) {
        double[] v = new double[values.length];
        int m = 0;
        for (float x : values) {
            if (!Float.isNaN(x)) {
                v[m++] = x;
            }
        }
        v = Arrays.copyOf(v, m);
        Arrays.sort(v);
        double rank = p / 100 * (m - 1);
        int lo = (int) Math.floor(rank), hi = (int) Math.ceil(rank);
        return v[lo] + (rank - lo) * (v[hi] - v[lo]);
    }

    @Test
    void percentilesAgreeWithASortOnManySamples() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(trial < 50 ? 12 : 5000);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                // stars on a noisy sky, repeated values (a saturated core), and blanks
                double x = rnd.nextDouble() < 0.05 ? 65535 : rnd.nextDouble() < 0.1 ? 2000 + 5000 * rnd.nextDouble()
                        : 1000 + 30 * rnd.nextGaussian();
                v[i] = rnd.nextDouble() < 0.1 && n > 1 && i > 0 ? Float.NaN : (float) Math.floor(x);
            }
            double[] p = Stretch.percentiles(v.clone(), 1, 50, 99.5, 0, 100);
            double[] expect = {bySort(v, 1), bySort(v, 50), bySort(v, 99.5), bySort(v, 0), bySort(v, 100)};
            for (int k = 0; k < p.length; k++) {
                assertThat(p[k]).as("trial %d n %d k %d", trial, n, k).isCloseTo(expect[k], within(1e-6 * Math.abs(expect[k])));
            }
        }
    }

    @Test
    void theStretchRunsFromThe1stToThe995thPercentile() {
        float[] v = new float[1001];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1000 - i; // 0..1000 in reverse order
        }
        v[500] = Float.NaN; // 1000 finite values: 0..1000 without 500
        Stretch s = Stretch.of(v);
        assertThat(s.lo()).isCloseTo(bySort(v, 1), within(1e-9));
        assertThat(s.hi()).isCloseTo(bySort(v, 99.5), within(1e-9));
        assertThat(s.lo()).isCloseTo(9.99, within(1e-9));   // rank 9.99 among 0..499, 501..1000
        assertThat(s.hi()).isCloseTo(995.005, within(1e-9)); // rank 994.005: values 995 and 996
        assertThat(s.level(s.lo())).isZero();
        assertThat(s.level(s.hi())).isEqualTo(1.0);
        assertThat(s.level((s.lo() + s.hi()) / 2)).isCloseTo(0.5, within(1e-12));
        assertThat(s.level(-5)).isZero();
        assertThat(s.level(5000)).isEqualTo(1.0);
        assertThat(s.level(Double.NaN)).isNaN();
    }

    @Test
    void noValidPixelsGiveNaNPercentiles() {
        assertThat(Stretch.percentiles(new float[] {Float.NaN, Float.NaN}, 1, 99.5)).containsOnly(Double.NaN);
    }
}
