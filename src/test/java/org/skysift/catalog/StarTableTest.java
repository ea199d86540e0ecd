package org.skysift.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.sky.Angles;

@Tag("plain")
class StarTableTest {
    @Test
    void conesEqualBruteForceIncludingTheSeamAndPoles() {
        SplittableRandom rng = new SplittableRandom(9);
        List<RefStar> stars = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            stars.add(new RefStar("s" + i, rng.nextDouble() * 360, Math.toDegrees(Math.asin(2 * rng.nextDouble() - 1)), 14));
        }
        StarTable t = new StarTable(stars);
        double[][] cones = {{0, 0, 3}, {359.5, 10, 2}, {10, 89, 4}, {200, -88, 5}};
        for (double[] c : cones) {
            var got = t.cone(c[0], c[1], c[2]).stream().map(RefStar::id).collect(Collectors.toSet());
            var want = stars.stream().filter(s -> Angles.separationDeg(c[0], c[1], s.ra(), s.dec()) <= c[2])
                    .map(RefStar::id).collect(Collectors.toSet());
            assertThat(want).isNotEmpty();
            assertThat(got).isEqualTo(want);
        }
    }
}
