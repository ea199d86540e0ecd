package org.skysift.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class AnglesTest {
    @Test
    void separationsOnKnownArcs() {
        assertThat(Angles.separationDeg(0, 0, 90, 0)).isCloseTo(90, within(1e-12));
        assertThat(Angles.separationDeg(10, -90, 250, 90)).isCloseTo(180, within(1e-12));
        assertThat(Angles.separationDeg(0, 89.999, 180, 89.999)).isCloseTo(0.002, within(1e-9));
        // across RA 0/360: 0.36 arcsec apart
        assertThat(Angles.separationArcsec(359.99995, 0, 0.00005, 0)).isCloseTo(0.36, within(1e-6));
        // 1 milliarcsec stays exact where the haversine-free acos would not
        assertThat(Angles.separationArcsec(120, 30, 120, 30 + 1e-3 / 3600)).isCloseTo(1e-3, within(1e-9));
    }

    @Test
    void raIsFoldedIntoZeroTo360() {
        assertThat(Angles.normalizeRa(-0.5)).isEqualTo(359.5);
        assertThat(Angles.normalizeRa(360)).isEqualTo(0);
        assertThat(Angles.normalizeRa(725)).isCloseTo(5, within(1e-12));
    }

    @Test
    void gnomonicRoundTripsAndPutsEastAtPositiveXi() {
        Gnomonic g = Gnomonic.at(359.9, 45);
        double[] p = g.project(0.1, 45.2);
        // the same point by vectors: its direction over the tangent point's east and north unit vectors
        double[] v = unit(0.1, 45.2), c = unit(359.9, 45);
        double r0 = Math.toRadians(359.9), d0 = Math.toRadians(45);
        double[] east = {-Math.sin(r0), Math.cos(r0), 0};
        double[] north = {-Math.sin(d0) * Math.cos(r0), -Math.sin(d0) * Math.sin(r0), Math.cos(d0)};
        double along = dot(v, c);
        assertThat(p[0]).isCloseTo(Math.toDegrees(dot(v, east) / along), within(1e-12));
        assertThat(p[1]).isCloseTo(Math.toDegrees(dot(v, north) / along), within(1e-12));
        // and roughly: 0.2 deg of RA east at dec 45.1 and 0.2 deg north
        assertThat(p[0]).isCloseTo(0.2 * Math.cos(Math.toRadians(45.1)), within(1e-3));
        assertThat(p[1]).isCloseTo(0.2, within(1e-3));
        double[] back = g.deproject(p[0], p[1]);
        assertThat(back[0]).isCloseTo(0.1, within(1e-10));
        assertThat(back[1]).isCloseTo(45.2, within(1e-10));
        assertThat(g.project(179.9, -45)).isNull();
    }

    private static double[] unit(double ra, double dec) {
        double a = Math.toRadians(ra), d = Math.toRadians(dec);
        return new double[] {Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
