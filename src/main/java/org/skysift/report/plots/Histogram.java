package org.skysift.report.plots;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts of a column's values in bins, computed by Spark (one group-by over the bin index), so no
 * per-row data reaches the driver. Bins are [edges[i], edges[i+1]); nulls and NaNs are not counted,
 * values outside the edges are counted in below and above.
 */
public record Histogram(double[] edges, long[] counts, long below, long above) {

    /** Edges lo, lo + width, ... covering [lo, hi]. */
    public static double[] linearEdges(double lo, double hi, double width) {
        int n = Math.max(1, (int) Math.ceil((hi - lo) / width - 1e-9));
        double[] e = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            e[i] = lo + i * width;
        }
        return e;
    }

    /** Edges 10^(k/perDecade) from lo to hi, both powers of ten apart by whole steps. */
    public static double[] logEdges(double lo, double hi, int perDecade) {
        double l0 = Math.log10(lo);
        int n = Math.max(1, (int) Math.ceil((Math.log10(hi) - l0) * perDecade - 1e-9));
        double[] e = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            e[i] = Math.pow(10, l0 + (double) i / perDecade);
        }
        return e;
    }

    /** Equal-width bins [lo + i·width, lo + (i+1)·width) of the expression's values. */
    public static Histogram linear(Dataset<Row> df, Column value, double lo, double width, int nBins) {
        Column index = floor(value.minus(lit(lo)).divide(lit(width)));
        return count(df, value, index, linearEdges(lo, lo + nBins * width, width));
    }

    /** Bins equal in log10 of the expression's values, perDecade to a factor of ten; values ≤ 0 count as below. */
    public static Histogram log(Dataset<Row> df, Column value, double lo, int perDecade, int nBins) {
        Column index = when(value.gt(0), floor(log10(value).minus(lit(Math.log10(lo))).multiply(lit(perDecade))))
                .otherwise(lit(-1L));
        return count(df, value, index, logEdges(lo, lo * Math.pow(10, (double) nBins / perDecade), perDecade));
    }

    private static Histogram count(Dataset<Row> df, Column value, Column index, double[] edges) {
        int nBins = edges.length - 1;
        long[] counts = new long[nBins];
        long below = 0, above = 0;
        Dataset<Row> valid = df.where(value.isNotNull().and(not(isnan(value))));
        for (Row r : valid.groupBy(index.cast("long").as("bin")).count().collectAsList()) {
            long b = r.getLong(0);
            if (b < 0) {
                below += r.getLong(1);
            } else if (b >= nBins) {
                above += r.getLong(1);
            } else {
                counts[(int) b] = r.getLong(1);
            }
        }
        return new Histogram(edges, counts, below, above);
    }

    public long total() {
        long t = below + above;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** CSV with bin_low,bin_high and one count column per histogram (all must share the edges). */
    public static String csv(Histogram first, String firstName, Histogram second, String secondName) {
        StringBuilder sb = new StringBuilder("bin_low,bin_high,").append(firstName);
        if (second != null) {
            sb.append(',').append(secondName);
        }
        sb.append('\n');
        for (int i = 0; i < first.counts.length; i++) {
            sb.append(num(first.edges[i])).append(',').append(num(first.edges[i + 1])).append(',').append(first.counts[i]);
            if (second != null) {
                sb.append(',').append(second.counts[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
