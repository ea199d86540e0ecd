package org.skysift.report.plots;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        return countAll(List.of(new Request(df, Binning.linear(value, lo, width, nBins)))).get(0);
    }

    /** Bins equal in log10 of the expression's values, perDecade to a factor of ten; values ≤ 0 count as below. */
    public static Histogram log(Dataset<Row> df, Column value, double lo, int perDecade, int nBins) {
        return countAll(List.of(new Request(df, Binning.log(value, lo, perDecade, nBins)))).get(0);
    }

    /** How one column is binned: the value, the expression of its bin index (below 0: below the edges) and the edges. */
    public record Binning(Column value, Column index, double[] edges) {
        public static Binning linear(Column value, double lo, double width, int nBins) {
            return new Binning(value, floor(value.minus(lit(lo)).divide(lit(width))),
                    linearEdges(lo, lo + nBins * width, width));
        }

        public static Binning log(Column value, double lo, int perDecade, int nBins) {
            Column index = when(value.gt(0), floor(log10(value).minus(lit(Math.log10(lo))).multiply(lit(perDecade))))
                    .otherwise(lit(-1L));
            return new Binning(value, index, logEdges(lo, lo * Math.pow(10, (double) nBins / perDecade), perDecade));
        }
    }

    /** One histogram to count: a table and how to bin one of its columns. */
    public record Request(Dataset<Row> table, Binning binning) {}

    /**
     * Every requested histogram, in order, counted by one Spark query however many there are and over however
     * many tables: each table's rows become one (histogram, bin) pair per valid value, the tables' pairs are
     * unioned and grouped once. Each further query would cost its own jobs and a pass over the table.
     */
    public static List<Histogram> countAll(List<Request> requests) {
        Map<Dataset<Row>, List<Integer>> byTable = new IdentityHashMap<>();
        List<Dataset<Row>> order = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            Dataset<Row> t = requests.get(k).table();
            if (!byTable.containsKey(t)) {
                order.add(t);
            }
            byTable.computeIfAbsent(t, x -> new ArrayList<>()).add(k);
        }
        Dataset<Row> pairs = null;
        for (Dataset<Row> t : order) {
            List<Column> items = new ArrayList<>();
            for (int k : byTable.get(t)) {
                Binning b = requests.get(k).binning();
                Column valid = b.value().isNotNull().and(not(isnan(b.value())));
                items.add(when(valid, struct(lit(k).as("h"), b.index().cast("long").as("bin"))));
            }
            Dataset<Row> one = t.select(explode(array(items.toArray(Column[]::new))).as("c"))
                    .where(col("c").isNotNull()).select(col("c.h").as("h"), col("c.bin").as("bin"));
            pairs = pairs == null ? one : pairs.union(one);
        }
        List<Map<Long, Long>> bins = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            bins.add(new java.util.HashMap<>());
        }
        for (Row r : pairs.groupBy("h", "bin").count().collectAsList()) {
            bins.get(r.getInt(0)).put(r.getLong(1), r.getLong(2));
        }
        List<Histogram> out = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            out.add(of(requests.get(k).binning().edges(), bins.get(k)));
        }
        return out;
    }

    /** The histogram of counts per bin index (below 0: below the edges, from the last bin on: above). */
    static Histogram of(double[] edges, Map<Long, Long> binCounts) {
        long[] counts = new long[edges.length - 1];
        long below = 0, above = 0;
        for (Map.Entry<Long, Long> e : binCounts.entrySet()) {
            long b = e.getKey();
            if (b < 0) {
                below += e.getValue();
            } else if (b >= counts.length) {
                above += e.getValue();
            } else {
                counts[(int) b] = e.getValue();
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
