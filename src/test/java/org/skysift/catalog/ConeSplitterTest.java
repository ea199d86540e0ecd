package org.skysift.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.sky.Angles;

@Tag("plain")
class ConeSplitterTest {

    @Test
    void fourQuadrantConesCoverTheDiscEverywhereOnTheSky() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] cones = {
            {150, 30, 0.5}, {0.05, 0, 1.0}, {359.9, -45, 2.0}, {10, 89.8, 0.5}, {200, 90, 0.7},
            {33, -89.5, 1.5}, {120, 60, 10.0}, {270, 0, 0.001},
        };
        for (double[] c : cones) {
            double[][] q = ConeSplitter.quadrants(c[0], c[1], c[2]);
            assertThat(q).hasNumberOfRows(4);
            for (int i = 0; i < 20000; i++) {
                // Points drawn inside the cone, the rim included (rho = r for one in 20).
                double rho = i % 20 == 0 ? c[2] : c[2] * Math.sqrt(rng.nextDouble());
                double[] p = ConeSplitter.destination(c[0], c[1], rng.nextDouble() * 2 * Math.PI, Math.toRadians(rho));
                boolean covered = false;
                for (double[] s : q) {
                    covered |= Angles.separationDeg(s[0], s[1], p[0], p[1]) <= s[2];
                }
                assertThat(covered).as("cone %s point %.9f %.9f", java.util.Arrays.toString(c), p[0], p[1]).isTrue();
            }
        }
    }

    @Test
    void eachQuadrantConeHasAboutHalfTheArea() {
        double[][] q = ConeSplitter.quadrants(150, 30, 0.5);
        for (double[] s : q) {
            // Planar optimum r / sqrt(2): area ratio 1/2; the sphere adds a hair at this size.
            assertThat(s[2]).isCloseTo(0.5 / Math.sqrt(2), within(1e-5));
            assertThat(Angles.separationDeg(150, 30, s[0], s[1])).isCloseTo(0.5 / Math.sqrt(2), within(1e-9));
        }
        // Bearings 45, 135, 225, 315 (NE, SE, SW, NW of the centre), each centre where the great circle from
        // (150, 30) at that bearing is r / sqrt(2) long: the destination formula, by hand
        double d = Math.toRadians(0.5 / Math.sqrt(2)), lat = Math.toRadians(30);
        for (int k = 0; k < 4; k++) {
            double bearing = Math.toRadians(45 + 90 * k);
            double dec = Math.asin(Math.sin(lat) * Math.cos(d) + Math.cos(lat) * Math.sin(d) * Math.cos(bearing));
            double ra = 150 + Math.toDegrees(Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat),
                    Math.cos(d) - Math.sin(lat) * Math.sin(dec)));
            assertThat(q[k][0]).as("quadrant %d ra", k).isCloseTo(ra, within(1e-9));
            assertThat(q[k][1]).as("quadrant %d dec", k).isCloseTo(Math.toDegrees(dec), within(1e-9));
        }
    }
}
