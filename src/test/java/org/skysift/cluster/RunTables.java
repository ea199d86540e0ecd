package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.skysift.pipeline.SurveyJob;
import org.skysift.pipeline.TileRow;

/** The Parquet tables of two run folders, compared row for row with Spark SQL. */
final class RunTables {
    /** Each table's key: no row may be lost or doubled on a retried task. */
    static final Map<String, String[]> KEYS = Map.of(
            "targets", new String[] {"target_id"},
            "tiles", new String[] {"tile_id"},
            "sources", new String[] {"tile_id", "source_id"},
            "matches", new String[] {"tile_id", "source_id"},
            "candidates", new String[] {"tile_id", "source_id"},
            "rejected", new String[] {"tile_id", "source_id"});

    private RunTables() {}

    static Dataset<Row> read(SparkSession spark, Path runDir, String table) {
        return read(spark, runDir.toUri().toString(), table);
    }

    /** A table of a run folder on any Hadoop file system (file:, hdfs:, s3a:), run-specific tile columns aside. */
    static Dataset<Row> read(SparkSession spark, String runDir, String table) {
        Dataset<Row> df = SurveyJob.Tables.read(spark, runDir.replaceAll("/+$", ""), table);
        return table.equals("tiles") ? df.drop(TileRow.RUN_SPECIFIC) : df;
    }

    /**
     * Asserts every table of {@code actual} holds the rows of {@code expected}, duplicates counted (what
     * exceptAll both ways being empty and equal counts say), run-specific tile columns aside. Returns the rows
     * compared per table.
     */
    static Map<String, Long> assertSame(SparkSession spark, Path actual, Path expected) {
        return assertSame(spark, actual.toUri().toString(), null, expected.toUri().toString(), null);
    }

    /**
     * {@link #assertSame(SparkSession, Path, Path)} for run folders on any file system whose runs read their
     * images from different folders: the tiles' image_uri is compared with each run's own inputs folder
     * ({@code actualInputs}, {@code expectedInputs}; null: compared as it is) cut off.
     */
    static Map<String, Long> assertSame(SparkSession spark, String actual, String actualInputs, String expected,
                                        String expectedInputs) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : SurveyJob.Tables.NAMES) {
            Dataset<Row> a = withoutInputsFolder(read(spark, actual, table), actualInputs);
            Dataset<Row> e = withoutInputsFolder(read(spark, expected, table), expectedInputs);
            assertThat(a.columns()).as(table + " columns").containsExactly(e.columns());
            Diff d = diff(a, e);
            assertThat(d.actualRows()).as(table + " rows").isEqualTo(d.expectedRows());
            assertThat(d.onlyInActual()).as(() -> table + ": rows of " + actual + " not in " + expected
                    + ", e.g. " + a.exceptAll(e).limit(2).collectAsList() + " vs " + e.exceptAll(a).limit(2).collectAsList()).isZero();
            assertThat(d.onlyInExpected()).as(table + ": rows of " + expected + " not in " + actual).isZero();
            counts.put(table, d.expectedRows());
        }
        return counts;
    }

    /** Rows of each side, and a.exceptAll(e).count() and e.exceptAll(a).count(). */
    record Diff(long actualRows, long expectedRows, long onlyInActual, long onlyInExpected) {}

    /**
     * {@link Diff} in one Spark job, not four: each distinct row's count on either side (grouped as exceptAll
     * groups: nulls equal), then the surplus of one side over the other summed (what exceptAll leaves).
     */
    static Diff diff(Dataset<Row> a, Dataset<Row> e) {
        String side = "__skysift_side";
        String inA = "__skysift_in_actual";
        String inE = "__skysift_in_expected";
        Column[] cols = Arrays.stream(e.columns()).map(c -> functions.col("`" + c + "`")).toArray(Column[]::new);
        Dataset<Row> both = a.select(cols).withColumn(side, functions.lit(1))
                .union(e.select(cols).withColumn(side, functions.lit(0)));
        Row r = both.groupBy(cols).agg(functions.sum(side).as(inA),
                        functions.sum(functions.lit(1).minus(functions.col(side))).as(inE))
                .agg(functions.sum(inA), functions.sum(inE),
                        functions.sum(functions.greatest(functions.col(inA).minus(functions.col(inE)), functions.lit(0L))),
                        functions.sum(functions.greatest(functions.col(inE).minus(functions.col(inA)), functions.lit(0L))))
                .first();
        return new Diff(longOr0(r, 0), longOr0(r, 1), longOr0(r, 2), longOr0(r, 3));
    }

    private static long longOr0(Row r, int i) {
        return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue(); // sums over no rows are null
    }

    private static Dataset<Row> withoutInputsFolder(Dataset<Row> df, String inputs) {
        if (inputs == null || !Arrays.asList(df.columns()).contains("image_uri")) {
            return df;
        }
        org.apache.spark.sql.Column uri = df.col("image_uri");
        return df.withColumn("image_uri", org.apache.spark.sql.functions.when(uri.startsWith(inputs),
                org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lit("<inputs>"),
                        uri.substr(inputs.length() + 1, Integer.MAX_VALUE))).otherwise(uri));
    }

    /** Rows per table of one run. */
    static Map<String, Long> rowCounts(SparkSession spark, Path runDir) {
        return rowCounts(spark, runDir.toUri().toString());
    }

    static Map<String, Long> rowCounts(SparkSession spark, String runDir) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : SurveyJob.Tables.NAMES) {
            counts.put(table, read(spark, runDir, table).count());
        }
        return counts;
    }

    /** How many executors processed tiles (distinct executor_id of the tiles table). */
    static long executorsThatRanTiles(SparkSession spark, Path runDir) {
        return spark.read().parquet(runDir.resolve("tiles").toUri().toString()).select("executor_id").distinct().count();
    }

    /** Asserts no key occurs twice in the run's keyed tables. */
    static void assertKeysUnique(SparkSession spark, Path runDir) {
        KEYS.forEach((table, key) -> {
            Dataset<Row> df = read(spark, runDir, table);
            long doubled = df.groupBy(Arrays.stream(key).map(org.apache.spark.sql.functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new)).count().where("count > 1").count();
            assertThat(doubled).as(table + ": keys " + Arrays.toString(key) + " seen more than once").isZero();
        });
    }

    /** The task counts of the run's "process N tiles" stages (every attempt of them), summed, from metrics.json. */
    static JsonNode processingStage(Path run, int tiles) throws java.io.IOException {
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        var sum = new ObjectMapper().createObjectNode();
        for (JsonNode st : metrics.path("stages")) {
            if (st.path("description").asText().equals("process " + tiles + " tiles")) {
                for (String k : List.of("tasks", "tasks_succeeded", "tasks_failed", "tasks_killed", "task_attempts_retried",
                        "task_attempts_speculative")) {
                    sum.put(k, sum.path(k).asInt() + st.path(k).asInt());
                }
            }
        }
        assertThat(sum.path("tasks").asInt()).as("tasks of \"process " + tiles + " tiles\"").isPositive();
        return sum;
    }
}
