package org.skysift.calibrate.astrometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class Polynomial2DTest {

    /** A known cubic: the fit of its exact values on scattered points returns its coefficients. */
    @Test
    void recoversAKnownCubicExactly() {
        double[] truth = {0.3, -1.2, 0.7, 0.05, -0.4, 0.9, 1.1, -0.25, 0.6, -0.8};
        Polynomial2D p = new Polynomial2D(3, truth);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 60;
        double[] u = new double[n], v = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = 2 * rng.nextDouble() - 1;
            v[i] = 2 * rng.nextDouble() - 1;
            // independent evaluation of the same terms, written out
            double x = u[i], y = v[i];
            z[i] = 0.3 - 1.2 * x + 0.7 * y + 0.05 * x * x - 0.4 * x * y + 0.9 * y * y + 1.1 * x * x * x
                    - 0.25 * x * x * y + 0.6 * x * y * y - 0.8 * y * y * y;
            assertThat(p.at(x, y)).isCloseTo(z[i], within(1e-12));
        }
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        Polynomial2D fit = Polynomial2D.fit(3, u, v, z, all);
        assertThat(fit).isNotNull();
        for (int k = 0; k < truth.length; k++) {
            assertThat(fit.coefficients()[k]).as("term %d", k).isCloseTo(truth[k], within(1e-9));
        }
        // a higher degree on the same points finds the extra terms at zero
        Polynomial2D five = Polynomial2D.fit(5, u, v, z, all);
        for (int k = 0; k < Polynomial2D.terms(5); k++) {
            assertThat(five.coefficients()[k]).isCloseTo(k < truth.length ? truth[k] : 0, within(1e-8));
        }
    }

    @Test
    void weightsFavourTheTrustedPoints() {
        // two clusters of a constant: weights decide which level the fit follows
        double[] u = {-0.5, -0.4, 0.4, 0.5}, v = {0, 0.1, 0, 0.1}, z = {1, 1, 3, 3};
        boolean[] all = {true, true, true, true};
        Polynomial2D even = Polynomial2D.fit(0, u, v, z, all);
        Polynomial2D heavy = Polynomial2D.fit(0, u, v, z, new double[] {3, 3, 1, 1}, all);
        assertThat(even.coefficients()[0]).isCloseTo(2.0, within(1e-12));
        assertThat(heavy.coefficients()[0]).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void tooFewOrDegeneratePointsGiveNoFit() {
        double[] u = {0, 0.5, 1}, v = {0, 0.5, 1}, z = {1, 2, 3};
        boolean[] all = {true, true, true};
        assertThat(Polynomial2D.fit(2, u, v, z, all)).as("3 points, 6 terms").isNull();
        // collinear points cannot separate u from v
        assertThat(Polynomial2D.fit(1, u, v, z, all)).isNull();
        assertThat(Polynomial2D.fit(1, new double[] {0, 1, 0}, new double[] {0, 0, 1}, z, all)).isNotNull();
    }

    @Test
    void termCounts() {
        assertThat(Polynomial2D.terms(0)).isEqualTo(1);
        assertThat(Polynomial2D.terms(1)).isEqualTo(3);
        assertThat(Polynomial2D.terms(3)).isEqualTo(10);
    }
}
