package org.skysift.report.plots;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.skysift.testing.SparkSessionExtension;

@ExtendWith(SparkSessionExtension.class)
class HistogramTest {
    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("v", DataTypes.DoubleType, true)));

    /** Normal values around 18 with some far outliers, a few zeros and negatives, nulls and NaNs. */
    private static List<Double> values(long seed, int n) {
        Random rnd = new Random(seed);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(50);
            out.add(kind == 0 ? null : kind == 1 ? Double.NaN : kind == 2 ? -rnd.nextDouble() * 5
                    : kind == 3 ? 0.0 : kind == 4 ? 100 + rnd.nextDouble() : 18 + 1.5 * rnd.nextGaussian());
        }
        return out;
    }

    private static Dataset<Row> frame(SparkSession spark, List<Double> values) {
        List<Row> rows = new ArrayList<>();
        for (Double v : values) {
            rows.add(RowFactory.create(v));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(3);
    }

    /** Counts by comparing each value with the edges, the way a reader of the CSV would. */
    private static long[] bruteForce(List<Double> values, double[] edges) {
        long[] c = new long[edges.length + 1]; // [0] below, [1..n] bins, [n+1] above
        for (Double v : values) {
            if (v == null || v.isNaN()) {
                continue;
            }
            if (v < edges[0]) {
                c[0]++;
                continue;
            }
            boolean placed = false;
            for (int i = 0; i + 1 < edges.length; i++) {
                if (v >= edges[i] && v < edges[i + 1]) {
                    c[i + 1]++;
                    placed = true;
                    break;
                }
            }
            if (!placed) {
                c[edges.length]++;
            }
        }
        return c;
    }

    @Test
    void linearBinsCountLikeABruteForceComparisonWithTheEdges(SparkSession spark) {
        List<Double> values = values(7, 5000);
        Histogram h = Histogram.linear(frame(spark, values), col("v"), 14.0, 0.25, 32);
        assertThat(h.edges()).hasSize(33);
        assertThat(h.edges()[32]).isEqualTo(22.0);
        long[] expected = bruteForce(values, h.edges());
        assertThat(h.below()).isEqualTo(expected[0]);
        assertThat(h.above()).isEqualTo(expected[33]);
        for (int i = 0; i < 32; i++) {
            assertThat(h.counts()[i]).as("bin %d", i).isEqualTo(expected[i + 1]);
        }
        long valid = values.stream().filter(v -> v != null && !v.isNaN()).count();
        assertThat(h.total()).isEqualTo(valid);
        assertThat(h.counts()[16]).isGreaterThan(100); // the peak at 18 is really in the middle
    }

    @Test
    void logBinsCountLikeABruteForceComparisonWithTheEdges(SparkSession spark) {
        Random rnd = new Random(11);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            values.add(Math.pow(10, 0.5 + 3 * rnd.nextDouble()));
        }
        values.add(0.0);
        values.add(-3.0);
        values.add(null);
        Histogram h = Histogram.log(frame(spark, values), col("v"), 1.0, 10, 30);
        assertThat(h.edges()[0]).isEqualTo(1.0);
        assertThat(h.edges()[10]).isCloseTo(10.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(h.edges()[30]).isCloseTo(1000.0, org.assertj.core.api.Assertions.within(1e-9));
        long[] expected = bruteForce(values, h.edges());
        // zero and negative values have no logarithm: they count as below, like values under the first edge
        assertThat(h.below()).isEqualTo(expected[0]).isGreaterThanOrEqualTo(2);
        assertThat(h.above()).isEqualTo(expected[31]);
        for (int i = 0; i < 30; i++) {
            assertThat(h.counts()[i]).as("bin %d", i).isEqualTo(expected[i + 1]);
        }
        // uniform in log10 from 0.5 to 3.5: each full bin of 0.1 dex holds ~1/30 of the values
        assertThat(h.counts()[12]).isBetween(90L, 180L);
    }

    /** Several histograms of two tables, counted by one query, each as a brute-force comparison counts it. */
    @Test
    void histogramsOfSeveralTablesInOneQueryCountLikeEachAlone(SparkSession spark) {
        List<Double> a = values(21, 3000), b = values(22, 700);
        Dataset<Row> fa = frame(spark, a), fb = frame(spark, b);
        List<Histogram> h = Histogram.countAll(List.of(
                new Histogram.Request(fa, Histogram.Binning.linear(col("v"), 14.0, 0.25, 32)),
                new Histogram.Request(fb, Histogram.Binning.linear(col("v"), 14.0, 0.25, 32)),
                new Histogram.Request(fa, Histogram.Binning.log(col("v"), 1.0, 10, 25)),
                new Histogram.Request(fb, Histogram.Binning.linear(col("v"), 17.0, 1.0, 3))));
        List<List<Double>> data = List.of(a, b, a, b);
        for (int k = 0; k < 4; k++) {
            long[] expected = bruteForce(data.get(k), h.get(k).edges());
            int n = h.get(k).counts().length;
            assertThat(h.get(k).below()).as("histogram %d below", k).isEqualTo(expected[0]);
            assertThat(h.get(k).above()).as("histogram %d above", k).isEqualTo(expected[n + 1]);
            for (int i = 0; i < n; i++) {
                assertThat(h.get(k).counts()[i]).as("histogram %d bin %d", k, i).isEqualTo(expected[i + 1]);
            }
        }
        // the two tables really are told apart: the same binning, different counts
        assertThat(h.get(0).total()).isGreaterThan(3 * h.get(1).total());
        assertThat(h.get(3).edges()).containsExactly(17.0, 18.0, 19.0, 20.0);
    }

    @Test
    void csvHasOneLinePerBinWithBothCounts() {
        Histogram a = new Histogram(new double[] {0, 0.5, 1.0}, new long[] {3, 4}, 1, 0);
        Histogram b = new Histogram(new double[] {0, 0.5, 1.0}, new long[] {0, 2}, 0, 0);
        assertThat(Histogram.csv(a, "count", b, "candidates"))
                .isEqualTo("bin_low,bin_high,count,candidates\n0,0.5,3,0\n0.5,1,4,2\n");
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(HistogramChart.niceStep(10, 50)).isEqualTo(0.2);
        assertThat(HistogramChart.niceStep(5.2, 50)).isEqualTo(0.1);
        assertThat(HistogramChart.niceStep(7, 50)).isEqualTo(0.1);
        assertThat(HistogramChart.niceStep(30, 50)).isEqualTo(0.5);
    }
}
