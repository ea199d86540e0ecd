package org.skysift.calibrate.astrometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class DistortionFitTest {
    static final int N = 300;

    /** Offsets of a known quadratic field plus Gaussian noise of 0.05" per axis, a few wrong matches. */
    @Test
    void rejectsWrongMatchesAndRecoversTheField() {
        SplittableRandom rng = new SplittableRandom(17);
        double[] u = new double[N], v = new double[N], ox = new double[N], oy = new double[N], err = new double[N];
        int[] wrong = {3, 50, 120, 200, 299};
        for (int i = 0; i < N; i++) {
            u[i] = 2 * rng.nextDouble() - 1;
            v[i] = 2 * rng.nextDouble() - 1;
            ox[i] = 0.4 + 0.8 * u[i] * u[i] - 0.3 * u[i] * v[i] + 0.05 * rng.nextGaussian();
            oy[i] = -0.2 + 0.5 * v[i] * v[i] * v[i] + 0.05 * rng.nextGaussian();
            err[i] = 0.05;
        }
        for (int i : wrong) {
            ox[i] += 2.5; // a wrong counterpart 2.5" away: well inside a 5" match radius
            oy[i] -= 1.5;
        }
        DistortionFit fit = DistortionFit.fit(3, u, v, ox, oy, err, 3.0);
        assertThat(fit).isNotNull();
        for (int i : wrong) {
            assertThat(fit.used()[i]).as("wrong match %d", i).isFalse();
        }
        // 3-sigma clipping of a 2-D Gaussian loses exp(-4.5) = 1.1% of good stars on average
        assertThat(fit.rejected()).isBetween(wrong.length, wrong.length + 12);
        for (double[] p : new double[][] {{0, 0}, {0.9, -0.9}, {-0.7, 0.8}}) {
            assertThat(fit.dxi().at(p[0], p[1])).isCloseTo(0.4 + 0.8 * p[0] * p[0] - 0.3 * p[0] * p[1], within(0.03));
            assertThat(fit.deta().at(p[0], p[1])).isCloseTo(-0.2 + 0.5 * Math.pow(p[1], 3), within(0.03));
        }
        // without rejection the wrong matches drag the constant term by about 5/300 x 2.5"
        DistortionFit open = DistortionFit.fit(3, u, v, ox, oy, err, 1000.0);
        assertThat(open.rejected()).isZero();
        assertThat(Math.abs(open.dxi().at(0, 0) - 0.4)).isGreaterThan(Math.abs(fit.dxi().at(0, 0) - 0.4));
    }

    @Test
    void noiselessOffsetsKeepEveryStar() {
        double[] u = new double[40], v = new double[40], ox = new double[40], oy = new double[40];
        for (int i = 0; i < 40; i++) {
            u[i] = Math.cos(i * 0.7) * (i % 7) / 7.0;
            v[i] = Math.sin(i * 1.3) * (i % 5) / 5.0;
            ox[i] = 0.1 * u[i] - 0.2 * v[i] * v[i];
            oy[i] = 0.3 * u[i] * v[i];
        }
        DistortionFit fit = DistortionFit.fit(2, u, v, ox, oy, 3.0);
        assertThat(fit.rejected()).isZero();
        assertThat(fit.dxi().coefficients()[5]).isCloseTo(-0.2, within(1e-9));
        assertThat(fit.deta().coefficients()[4]).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void gridTakesCellMedians() {
        // one cell holding a constant offset of 0.2 and an outlier: the median ignores the outlier
        double[] u = {-0.9, -0.8, -0.7, -0.75, 0.5}, v = {-0.9, -0.8, -0.7, -0.85, 0.5};
        double[] rx = {0.2, 0.2, 0.2, 5.0, 0.0}, ry = {-0.1, -0.1, -0.1, -0.1, 0.0};
        ResidualGrid g = ResidualGrid.of(2, u, v, rx, ry, new boolean[] {true, true, true, true, true});
        assertThat(g.at(-1, -1)[0]).isCloseTo(0.2, within(1e-12));
        assertThat(g.at(-1, -1)[1]).isCloseTo(-0.1, within(1e-12));
        // the other cells have fewer than 3 stars: no correction there
        assertThat(g.at(1, 1)[0]).isZero();
        // halfway between the cell centres (-0.5 and 0.5): half the corner cell's value
        assertThat(g.at(0, -1)[0]).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void degreeFollowsTheStarCount() {
        RefitParams p = new RefitParams(true, 3, 12, 3, 0, 20);
        assertThat(p.degreeFor(40)).isEqualTo(3);
        assertThat(p.degreeFor(39)).isEqualTo(2);
        assertThat(p.degreeFor(24)).isEqualTo(2);
        assertThat(p.degreeFor(12)).isEqualTo(1);
        assertThat(p.degreeFor(5)).isZero();
    }
}
