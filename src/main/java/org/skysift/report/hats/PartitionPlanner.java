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
 * alone decides for all ancestors. The row counts per pixel and order are one Spark aggregate; the
 * split pixels and then the leaves reach the driver.
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
                .agg(sum("n").as("n"))
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        // the split pixels are few (at most rows / maxRows per order), so the driver holds them; a pixel is then a
        // leaf by its own count and its parent's membership, a filter instead of joining every pixel to its parent
        java.util.Set<Pixel> split = new java.util.HashSet<>();
        for (Row r : nested.filter(col("p").isNotNull().and(col("k").lt(highest)).and(col("n").gt(maxRows)))
                .select("cat", "k", "p").collectAsList()) {
            split.add(new Pixel(r.getInt(0), r.getInt(1), r.getLong(2)));
        }
        org.apache.spark.broadcast.Broadcast<java.util.Set<Pixel>> splitB = org.apache.spark.api.java.JavaSparkContext
                .fromSparkContext(indexed.sparkSession().sparkContext()).broadcast(split);
        List<List<HatsPixel>> out = new ArrayList<>();
        long[] unplaced = new long[catalogs];
        for (int i = 0; i < catalogs; i++) {
            out.add(new ArrayList<>());
        }
        try {
            Dataset<Row> leaves = nested
                    .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> r.isNullAt(2)
                            ? r.getInt(1) == lowest
                            : isLeaf(splitB.value(), r.getInt(0), r.getInt(1), r.getLong(2), lowest))
                    .select("cat", "k", "p", "n");
            for (Row r : leaves.collectAsList()) {
                int cat = r.getInt(0);
                if (r.isNullAt(2)) {
                    unplaced[cat] = r.getLong(3);
                } else {
                    out.get(cat).add(new HatsPixel(r.getInt(1), r.getLong(2), r.getLong(3)));
                }
            }
        } finally {
            nested.unpersist(false);
            splitB.destroy();
        }
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < catalogs; i++) {
            out.get(i).sort(Comparator.comparingLong(HatsPixel::start29));
            plans.add(new Plan(out.get(i), unplaced[i]));
        }
        return plans;
    }

    /** A pixel with rows is a leaf when it was not split and it is at the lowest order or its parent was split. */
    static boolean isLeaf(java.util.Set<Pixel> split, int cat, int k, long p, int lowest) {
        return !split.contains(new Pixel(cat, k, p)) && (k == lowest || split.contains(new Pixel(cat, k - 1, p >> 2)));
    }

    /** A catalog's pixel of order k. */
    record Pixel(int cat, int k, long p) implements java.io.Serializable {}

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
