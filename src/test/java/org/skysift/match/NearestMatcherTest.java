package org.skysift.match;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skysift.catalog.RefStar;
import org.skysift.sky.Angles;

@Tag("plain")
class NearestMatcherTest {
    /** Random stars in a cap around (ra0, dec0), dense enough that several fall within the radius. */
    private static List<RefStar> cap(SplittableRandom rng, double ra0, double dec0, double radiusDeg, int n) {
        List<RefStar> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double r = radiusDeg * Math.sqrt(rng.nextDouble());
            double pa = rng.nextDouble() * 2 * Math.PI;
            // offset along a great circle from the centre
            double d0 = Math.toRadians(dec0), rr = Math.toRadians(r);
            double dec = Math.asin(Math.sin(d0) * Math.cos(rr) + Math.cos(d0) * Math.sin(rr) * Math.cos(pa));
            double ra = Math.toRadians(ra0) + Math.atan2(Math.sin(pa) * Math.sin(rr) * Math.cos(d0),
                    Math.cos(rr) - Math.sin(d0) * Math.sin(dec));
            out.add(new RefStar("r" + i, Angles.normalizeRa(Math.toDegrees(ra)), Math.toDegrees(dec), 15));
        }
        return out;
    }

    @Test
    void agreesWithBruteForceAtTheSeamThePoleAndInDenseFields() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] centres = {{0.0, 0.0}, {180, 89.99}, {42, -89.995}, {300, 20}};
        for (double[] c : centres) {
            List<RefStar> refs = cap(rng, c[0], c[1], 0.05, 4000);
            List<RefStar> src = cap(rng, c[0], c[1], 0.05, 2000);
            double[] ra = src.stream().mapToDouble(RefStar::ra).toArray();
            double[] dec = src.stream().mapToDouble(RefStar::dec).toArray();
            double radius = 5.0;
            List<Match> got = new NearestMatcher().match(ra, dec, refs, radius);
            List<Match> want = new ArrayList<>();
            for (int i = 0; i < ra.length; i++) {
                int best = -1;
                double bestSep = Double.MAX_VALUE;
                for (int j = 0; j < refs.size(); j++) {
                    double s = Angles.separationArcsec(ra[i], dec[i], refs.get(j).ra(), refs.get(j).dec());
                    if (s < bestSep) {
                        bestSep = s;
                        best = j;
                    }
                }
                if (bestSep <= radius) {
                    want.add(new Match(i, refs.get(best), bestSep));
                }
            }
            assertThat(want.size()).as("dense enough to test").isGreaterThan(500);
            assertThat(got).hasSameSizeAs(want);
            for (int k = 0; k < got.size(); k++) {
                assertThat(got.get(k).sourceIndex()).isEqualTo(want.get(k).sourceIndex());
                assertThat(got.get(k).ref().id()).isEqualTo(want.get(k).ref().id());
            }
        }
    }

    @Test
    void nothingBeyondTheRadiusAndEmptyInputsAreFine() {
        List<RefStar> refs = List.of(new RefStar("a", 10, 10, 12));
        double off = 5.01 / 3600;
        assertThat(new NearestMatcher().match(new double[] {10}, new double[] {10 + off}, refs, 5.0)).isEmpty();
        assertThat(new NearestMatcher().match(new double[] {10}, new double[] {10 + 4.99 / 3600}, refs, 5.0)).hasSize(1);
        assertThat(new NearestMatcher().match(new double[0], new double[0], refs, 5.0)).isEmpty();
        assertThat(new NearestMatcher().match(new double[] {1}, new double[] {1}, List.of(), 5.0)).isEmpty();
    }
}
