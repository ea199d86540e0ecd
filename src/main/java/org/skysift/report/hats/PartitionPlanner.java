package org.skysift.report.hats;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Chooses the leaf pixels the way hats-import does without empty-sibling collapsing: start at the
 * lowest order and split a pixel into its four children while it holds more than maxRows rows, down
 * to the highest order. A pixel is a leaf when it has rows, holds at most maxRows (or sits at the
 * highest order) and its parent was split; counts only shrink from parent to child, so the parent
 * alone decides for all ancestors. Everything runs as Spark aggregates over the row counts per
 * pixel; only the leaves reach the driver.
 */
final class PartitionPlanner {
    private PartitionPlanner() {}

    /**
     * The leaves, in spatial order (by first _healpix_29 value) so they never overlap, and the rows with a null
     * index, which lie in no pixel (counted by the same query, so checking for them costs no pass of its own).
     */
    record Plan(List<HatsPixel> leaves, long unplaced) {}

    /**
     * The plans of several catalogs in one Spark query: rows tagged by catalog (0 .. catalogs - 1 in the
     * catalog column) are counted per catalog and pixel, so each catalog is split on its own counts.
     */
    static List<Plan> planAll(Dataset<Row> indexed, String catalogColumn, String indexColumn, int catalogs, long maxRows,
                              int lowest, int highest) {
        if (lowest < 0 || lowest > highest || highest > HatsPixel.INDEX_ORDER || maxRows < 1) {
            throw new IllegalArgumentException("HATS orders " + lowest + ".." + highest + ", max rows " + maxRows);
        }
        Dataset<Row> fine = indexed
                .groupBy(col(catalogColumn).as("cat"),
                        shiftright(col(indexColumn), 2 * (HatsPixel.INDEX_ORDER - highest)).as("p"))
                .count();
        Column[] levels = new Column[highest - lowest + 1];
        for (int k = lowest; k <= highest; k++) {
            levels[k - lowest] = struct(lit(k).as("k"), shiftright(col("p"), 2 * (highest - k)).as("p"));
        }
        Dataset<Row> nested = fine.select(col("cat"), explode(array(levels)).as("c"), col("count").as("n"))
                .groupBy(col("cat"), col("c.k").as("k"), col("c.p").as("p"))
                .agg(sum("n").as("n"));
        Dataset<Row> parents = nested.select(col("cat").as("pcat"), col("k").plus(1).as("ck"), col("p").as("pp"),
                col("n").as("pn"));
        Dataset<Row> leaves = nested
                .join(parents, col("cat").equalTo(col("pcat")).and(col("k").equalTo(col("ck")))
                        .and(shiftright(col("p"), 2).equalTo(col("pp"))), "left")
                .filter(col("n").leq(maxRows).or(col("k").equalTo(highest))
                        .and(col("k").equalTo(lowest).or(col("pn").gt(maxRows)))
                        .or(col("p").isNull().and(col("k").equalTo(lowest))))
                .select("cat", "k", "p", "n");
        List<List<HatsPixel>> out = new ArrayList<>();
        long[] unplaced = new long[catalogs];
        for (int i = 0; i < catalogs; i++) {
            out.add(new ArrayList<>());
        }
        for (Row r : leaves.collectAsList()) {
            int cat = r.getInt(0);
            if (r.isNullAt(2)) {
                unplaced[cat] = r.getLong(3);
            } else {
                out.get(cat).add(new HatsPixel(r.getInt(1), r.getLong(2), r.getLong(3)));
            }
        }
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < catalogs; i++) {
            out.get(i).sort(Comparator.comparingLong(HatsPixel::start29));
            plans.add(new Plan(out.get(i), unplaced[i]));
        }
        return plans;
    }

    /** Index of the leaf holding a _healpix_29 value (leaves sorted by start); -1 when none does. */
    static int leafOf(long[] starts, long[] ends, long index29) {
        int lo = 0, hi = starts.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= index29) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && index29 < ends[found] ? found : -1;
    }
}
