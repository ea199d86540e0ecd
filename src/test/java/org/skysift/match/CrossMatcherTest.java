package org.skysift.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.sky.Angles;

@Tag("plain")
class CrossMatcherTest {
    /** Catalogue: positions (deg). */
    record Cat(double[] ra, double[] dec) {}

    /** n points in caps of radius capDeg around the given centres (great-circle offsets), plus exact copies when dupEvery > 0. */
    static Cat caps(SplittableRandom rng, double[][] centres, double capDeg, int n, int dupEvery, Cat copyFrom) {
        double[] ra = new double[n], dec = new double[n];
        for (int i = 0; i < n; i++) {
            if (dupEvery > 0 && copyFrom != null && i % dupEvery == 0) {
                int j = rng.nextInt(copyFrom.ra.length);
                ra[i] = copyFrom.ra[j];
                dec[i] = copyFrom.dec[j];
                continue;
            }
            double[] c = centres[rng.nextInt(centres.length)];
            double[] p = offset(c[0], c[1], capDeg * Math.sqrt(rng.nextDouble()), rng.nextDouble() * 360);
            ra[i] = p[0];
            dec[i] = p[1];
        }
        return new Cat(ra, dec);
    }

    static double[] offset(double ra, double dec, double r, double pa) {
        double d0 = Math.toRadians(dec), rr = Math.toRadians(r), a = Math.toRadians(pa);
        double sd = Math.sin(d0) * Math.cos(rr) + Math.cos(d0) * Math.sin(rr) * Math.cos(a);
        double dec1 = Math.asin(Math.max(-1, Math.min(1, sd)));
        double ra1 = Math.toRadians(ra) + Math.atan2(Math.sin(a) * Math.sin(rr) * Math.cos(d0), Math.cos(rr) - Math.sin(d0) * sd);
        return new double[] {Angles.normalizeRa(Math.toDegrees(ra1)), Math.toDegrees(dec1)};
    }

    /** O(n^2) answer: the definition every mode must equal exactly. */
    static List<String> bruteForce(Cat a, Cat b, double r, MatchMode mode) {
        return bruteForce(separations(a, b), r, mode);
    }

    /** Every separation (arcsec) from each a to each b, argument order as the matcher uses it. */
    static double[][] separations(Cat a, Cat b) {
        double[][] sep = new double[a.ra.length][b.ra.length];
        for (int i = 0; i < a.ra.length; i++) {
            for (int j = 0; j < b.ra.length; j++) {
                sep[i][j] = Angles.separationArcsec(a.ra[i], a.dec[i], b.ra[j], b.dec[j]);
            }
        }
        return sep;
    }

    static List<String> bruteForce(double[][] sep, double r, MatchMode mode) {
        List<String> out = new ArrayList<>();
        int n1 = sep.length, n2 = n1 == 0 ? 0 : sep[0].length;
        if (mode == MatchMode.TWO_NOT_ONE) {
            for (int j = 0; j < n2; j++) {
                boolean any = false;
                for (int i = 0; i < n1 && !any; i++) {
                    any = sep[i][j] <= r;
                }
                if (!any) {
                    out.add(Integer.toString(j));
                }
            }
            return out;
        }
        for (int i = 0; i < n1; i++) {
            int best = -1;
            List<double[]> all = new ArrayList<>();
            for (int j = 0; j < n2; j++) {
                double s = sep[i][j];
                if (s <= r) {
                    all.add(new double[] {s, j});
                    if (best < 0 || s < sep[i][best]) {
                        best = j;
                    }
                }
            }
            switch (mode) {
                case BEST -> {
                    if (best >= 0) {
                        out.add(i + " " + best + " " + sep[i][best]);
                    }
                }
                case ALL -> {
                    all.sort((p, q) -> p[0] != q[0] ? Double.compare(p[0], q[0]) : Double.compare(p[1], q[1]));
                    for (double[] p : all) {
                        out.add(i + " " + (int) p[1] + " " + p[0]);
                    }
                }
                default -> {
                    if (best < 0) {
                        out.add(Integer.toString(i));
                    }
                }
            }
        }
        return out;
    }

    static List<String> rows(MatchResult r) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < r.size(); k++) {
            out.add(switch (r.mode()) {
                case BEST, ALL -> r.left()[k] + " " + r.right()[k] + " " + r.sepArcsec()[k];
                case ONE_NOT_TWO -> Integer.toString(r.left()[k]);
                case TWO_NOT_ONE -> Integer.toString(r.right()[k]);
            });
        }
        return out;
    }

    @Test
    void everyModeEqualsBruteForceAtTheSeamThePolesAndInDenseFields() {
        SplittableRandom rng = new SplittableRandom(7);
        // RA seam on the equator, both poles, a face corner (z = 2/3 at RA 90), and an ordinary field
        double[][] centres = {{0, 0}, {0, 90}, {123, -90}, {90, 41.81}, {359.99, -30}, {210, 12}};
        Cat right = caps(rng, centres, 0.02, 1500, 0, null);
        Cat left = caps(rng, centres, 0.02, 1200, 10, right); // every 10th left sits exactly on a right
        double r = 6.0;
        double[][] sep = separations(left, right);
        int pairs = 0;
        for (MatchMode mode : MatchMode.values()) {
            List<String> want = bruteForce(sep, r, mode);
            List<String> got = rows(CrossMatcher.match(left.ra, left.dec, right.ra, right.dec, r, mode));
            assertThat(got).as(mode.label()).isEqualTo(want);
            pairs += mode == MatchMode.ALL ? want.size() : 0;
            assertThat(want).as("%s is not trivial", mode).hasSizeGreaterThan(100);
        }
        assertThat(pairs).as("dense: several partners per source").isGreaterThan(2 * left.ra.length);
    }

    @Test
    void tiesGoToTheLowestRightIndexAndPairsAreOrderedBySeparation() {
        // three rights: two on top of each other, one 3" away; left 1" from the twins
        double[] rra = {10, 10, 10}, rdec = {20 + 4.0 / 3600, 20 + 1.0 / 3600, 20 + 1.0 / 3600};
        double[] lra = {10}, ldec = {20};
        MatchResult best = CrossMatcher.match(lra, ldec, rra, rdec, 5, MatchMode.BEST);
        assertThat(best.right()).containsExactly(1);
        assertThat(best.sepArcsec()[0]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        MatchResult all = CrossMatcher.match(lra, ldec, rra, rdec, 5, MatchMode.ALL);
        assertThat(all.right()).containsExactly(1, 2, 0);
        assertThat(CrossMatcher.match(lra, ldec, rra, rdec, 0.5, MatchMode.ONE_NOT_TWO).left()).containsExactly(0);
        assertThat(CrossMatcher.match(lra, ldec, rra, rdec, 2, MatchMode.TWO_NOT_ONE).right()).containsExactly(0);
    }

    @Test
    void theRadiusIsInclusiveAndTinyAndHugeRadiiWork() {
        double[] ra = {0.0}, dec = {0.0};
        double[] rra = {359.9999}, rdec = {0.0};
        double sep = Angles.separationArcsec(0, 0, 359.9999, 0);
        assertThat(CrossMatcher.match(ra, dec, rra, rdec, sep, MatchMode.BEST).size()).isEqualTo(1);
        assertThat(CrossMatcher.match(ra, dec, rra, rdec, Math.nextDown(sep), MatchMode.BEST).size()).isZero();
        // below the grid's smallest cell and across the whole sky
        assertThat(CrossMatcher.match(ra, dec, new double[] {1e-6}, new double[] {0}, 0.01, MatchMode.BEST).size()).isEqualTo(1);
        assertThat(CrossMatcher.match(ra, dec, new double[] {180}, new double[] {0}, 648000, MatchMode.ALL).size()).isEqualTo(1);
        assertThat(CrossMatcher.match(new double[0], new double[0], rra, rdec, 5, MatchMode.ALL).size()).isZero();
        assertThat(CrossMatcher.match(ra, dec, new double[0], new double[0], 5, MatchMode.ONE_NOT_TWO).left()).containsExactly(0);
    }

    @Test
    void badPositionsAndRadiiAreRejectedNamingTheRow() {
        assertThatThrownBy(() -> CrossMatcher.match(new double[] {1, 2}, new double[] {0, 91}, new double[] {1}, new double[] {0}, 5, MatchMode.BEST))
                .hasMessageContaining("position 1").hasMessageContaining("91");
        assertThatThrownBy(() -> CrossMatcher.match(new double[] {1}, new double[] {0}, new double[] {Double.NaN}, new double[] {0}, 5, MatchMode.BEST))
                .hasMessageContaining("position 0");
        assertThatThrownBy(() -> new SkyIndex(new double[0], new double[0], 0)).hasMessageContaining("radius 0");
        assertThat(MatchMode.parse("1not2")).isEqualTo(MatchMode.ONE_NOT_TWO);
        assertThatThrownBy(() -> MatchMode.parse("near")).hasMessageContaining("best, all, 1not2 or 2not1");
    }
}
