package org.skysift.match.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.skysift.match.CrossMatcher;
import org.skysift.match.MatchMode;
import org.skysift.match.MatchResult;
import org.skysift.sky.Angles;
import org.skysift.testing.SparkSessionExtension;

/**
 * The distributed match equals the in-memory CrossMatcher on the whole catalogues (itself checked
 * against O(n^2) brute force in CrossMatcherTest), row for row and bit for bit, on 10^5 x 10^5
 * points crowded at the poles, the RA seam and the corners of HEALPix base faces.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogMatchTest {
    private static final int N = 100_000;
    private static final double RADIUS = 30.0;
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false).add("ra", DataTypes.DoubleType, false).add("dec", DataTypes.DoubleType, false);

    private double[] lra, ldec, rra, rdec;
    private Dataset<Row> left, right;

    @BeforeAll
    void catalogues(SparkSession spark) {
        SplittableRandom rng = new SplittableRandom(99);
        // north pole, south pole, RA seam, two three-face corners (z = +-2/3 at RA 0 and 90), a face centre
        double[][] centres = {{0, 90}, {77, -90}, {0, 0}, {359.9, -20}, {0, 41.81}, {90, -41.81}, {45, 19.47}, {200, 60}};
        double[][] l = points(rng, centres, N), r = points(rng, centres, N);
        // every 20th right sits exactly on an earlier right (ties for best), every 15th left on a right
        for (int i = 20; i < N; i += 20) {
            int j = rng.nextInt(i);
            r[0][i] = r[0][j];
            r[1][i] = r[1][j];
        }
        for (int i = 0; i < N; i += 15) {
            int j = rng.nextInt(N);
            l[0][i] = r[0][j];
            l[1][i] = r[1][j];
        }
        lra = l[0];
        ldec = l[1];
        rra = r[0];
        rdec = r[1];
        left = frame(spark, lra, ldec).cache();
        right = frame(spark, rra, rdec).cache();
    }

    private static double[][] points(SplittableRandom rng, double[][] centres, int n) {
        double[] ra = new double[n], dec = new double[n];
        for (int i = 0; i < n; i++) {
            if (i % 10 < 7) {
                double[] c = centres[rng.nextInt(centres.length)];
                double[] p = offset(c[0], c[1], 0.5 * Math.sqrt(rng.nextDouble()), rng.nextDouble() * 360);
                ra[i] = p[0];
                dec[i] = p[1];
            } else {
                ra[i] = rng.nextDouble() * 360;
                dec[i] = Math.toDegrees(Math.asin(2 * rng.nextDouble() - 1));
            }
        }
        return new double[][] {ra, dec};
    }

    private static double[] offset(double ra, double dec, double r, double pa) {
        double d0 = Math.toRadians(dec), rr = Math.toRadians(r), a = Math.toRadians(pa);
        double sd = Math.sin(d0) * Math.cos(rr) + Math.cos(d0) * Math.sin(rr) * Math.cos(a);
        double dec1 = Math.asin(Math.max(-1, Math.min(1, sd)));
        double ra1 = Math.toRadians(ra) + Math.atan2(Math.sin(a) * Math.sin(rr) * Math.cos(d0), Math.cos(rr) - Math.sin(d0) * sd);
        return new double[] {Angles.normalizeRa(Math.toDegrees(ra1)), Math.toDegrees(dec1)};
    }

    private static Dataset<Row> frame(SparkSession spark, double[] ra, double[] dec) {
        List<Row> rows = new ArrayList<>(ra.length);
        for (int i = 0; i < ra.length; i++) {
            rows.add(RowFactory.create((long) i, ra[i], dec[i]));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The oracle: ids are row indices, so "lowest right index" is "smallest right id". */
    private List<String> expected(MatchMode mode) {
        MatchResult m = CrossMatcher.match(lra, ldec, rra, rdec, RADIUS, mode);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < m.size(); k++) {
            out.add(switch (mode) {
                case BEST, ALL -> m.left()[k] + " " + m.right()[k] + " " + m.sepArcsec()[k];
                case ONE_NOT_TWO -> Integer.toString(m.left()[k]);
                case TWO_NOT_ONE -> Integer.toString(m.right()[k]);
            });
        }
        Collections.sort(out);
        return out;
    }

    private static List<String> got(Dataset<Row> d) {
        List<String> out = new ArrayList<>();
        for (Row r : d.collectAsList()) {
            out.add(r.size() == 3 ? r.getLong(0) + " " + r.getLong(1) + " " + r.getDouble(2) : Long.toString(r.getLong(0)));
        }
        Collections.sort(out);
        return out;
    }

    @Test
    void everyModeEqualsTheWholeCatalogueMatchExactly() {
        // order 7 pixels (0.46 deg) put many pixel borders through the crowded caps
        CatalogMatch.Options fine = new CatalogMatch.Options(7, 4);
        int[] sizes = new int[4];
        for (MatchMode mode : MatchMode.values()) {
            Dataset<Row> d = CatalogMatch.match(left, CatalogMatch.Columns.DEFAULT, right, CatalogMatch.Columns.DEFAULT, RADIUS, mode, fine);
            assertThat(d.columns()).containsExactly(switch (mode) {
                case BEST, ALL -> new String[] {"left_id", "right_id", "sep_arcsec"};
                case ONE_NOT_TWO -> new String[] {"left_id"};
                case TWO_NOT_ONE -> new String[] {"right_id"};
            });
            List<String> want = expected(mode);
            assertThat(got(d)).as(mode.label()).isEqualTo(want);
            sizes[mode.ordinal()] = want.size();
        }
        // not trivial: tens of thousands of pairs, all > best, unmatched rows on both sides
        assertThat(sizes[MatchMode.BEST.ordinal()]).isGreaterThan(40_000);
        assertThat(sizes[MatchMode.ALL.ordinal()]).isGreaterThan(sizes[MatchMode.BEST.ordinal()] + 20_000);
        assertThat(sizes[MatchMode.ONE_NOT_TWO.ordinal()]).isGreaterThan(20_000);
        assertThat(sizes[MatchMode.TWO_NOT_ONE.ordinal()]).isGreaterThan(20_000);
    }

    @Test
    void theShortCallWithDefaultsGivesTheSameBestMatch() {
        assertThat(got(CatalogMatch.match(left, right, RADIUS, MatchMode.BEST))).isEqualTo(expected(MatchMode.BEST));
    }

    @Test
    void badColumnsAndRowsAreInputErrorsNamingThem(SparkSession spark) {
        assertThatThrownBy(() -> CatalogMatch.match(left, new CatalogMatch.Columns("id", "alpha", "dec"), right,
                CatalogMatch.Columns.DEFAULT, 5, MatchMode.BEST, CatalogMatch.Options.DEFAULT))
                .hasMessageContaining("left input has no RA column 'alpha'").hasMessageContaining("columns: id, ra, dec");
        Dataset<Row> bad = frame(spark, new double[] {10, 20}, new double[] {0, 95});
        assertThatThrownBy(() -> CatalogMatch.match(left, bad, 5, MatchMode.ALL).count())
                .rootCause().hasMessageContaining("right input: row id 1: dec 95.0 is outside [-90, 90]");
    }
}
