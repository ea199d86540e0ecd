package org.skysift.report.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class MollweideTest {
    private static final double EPS = 1e-9;

    private static void assertAt(double ra, double dec, double x, double y) {
        double[] p = Mollweide.project(ra, dec);
        assertThat(p[0]).as("x of (%s, %s)", ra, dec).isCloseTo(x, within(EPS));
        assertThat(p[1]).as("y of (%s, %s)", ra, dec).isCloseTo(y, within(EPS));
    }

    @Test
    void centreAndPoles() {
        assertAt(0, 0, 0, 0);
        assertAt(360, 0, 0, 0);
        assertAt(123, 90, 0, Math.sqrt(2));
        assertAt(321, -90, 0, -Math.sqrt(2));
    }

    @Test
    void raIncreasesToTheLeftAndRa180IsTheEdge() {
        // on the equator θ = 0, so x = -(2√2/π) λ with λ east of 0h in radians
        assertAt(90, 0, -Math.sqrt(2), 0);
        assertAt(270, 0, Math.sqrt(2), 0);
        assertAt(-90, 0, Math.sqrt(2), 0);
        assertThat(Mollweide.project(179.999999, 0)[0]).isCloseTo(-2 * Math.sqrt(2), within(1e-6));
        assertThat(Mollweide.project(180.000001, 0)[0]).isCloseTo(2 * Math.sqrt(2), within(1e-6));
        assertThat(Mollweide.project(10, 20)[0]).isLessThan(Mollweide.project(5, 20)[0]);
    }

    @Test
    void pointsOffTheAxesAgreeWithValuesSolvedByBisection() {
        // θ from 2θ + sin 2θ = π sin φ solved by bisection to 1e-15 outside this code base, then
        // x = -(2√2/π) λ cos θ, y = √2 sin θ
        assertAt(0, 30, 0, 0.5713037465453776);
        assertAt(270, 45, 1.1397250251315496, 0.8372734721038815);
        assertAt(300, -60, 0.6101128876805614, -1.0781767455494924);
        assertAt(45, 60, -0.45758466576042117, 1.0781767455494924);
    }

    @Test
    void auxiliaryAngleSolvesItsEquation() {
        for (double dec = -89.9; dec < 90; dec += 0.7) {
            double lat = Math.toRadians(dec);
            double t = Mollweide.auxiliaryAngle(lat);
            assertThat(2 * t + Math.sin(2 * t)).isCloseTo(Math.PI * Math.sin(lat), within(1e-10));
        }
    }
}
