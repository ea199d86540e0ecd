package org.skysift.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.InputProblems;
import org.skysift.pipeline.SurveyJob;

/** Aggregates the written tables with Spark SQL into summary.json and summary.md. */
public final class RunReport {
    static final String[] STAGES = {"acquire", "validate", "calibrate", "extract", "psf", "reference", "match", "detect",
        "epochs"};

    private RunReport() {}

    /** The summary as written, with the figures callers check most. */
    public record Summary(ObjectNode json, long tilesOk, long tilesFailed, Double recall, Double precision, RunTables tables) {}

    /** @param work what this invocation did (pipeline.resume.ResumeCounts: tiles resumed, processed, images fetched) */
    public static Summary write(SparkSession spark, String runDir, String runId, SkySiftConfig config,
                                InputProblems problems, Instant started, JsonNode work) {
        // the thread's job description is the caller's: name the summary's jobs, then give it back
        String description = spark.sparkContext().getLocalProperty("spark.job.description");
        try {
            return summarise(spark, runDir, runId, config, problems, started, work);
        } finally {
            spark.sparkContext().setLocalProperty("spark.job.description", description);
        }
    }

    private static Summary summarise(SparkSession spark, String runDir, String runId, SkySiftConfig config,
                                     InputProblems problems, Instant started, JsonNode work) {
        ObjectNode root = ConfigLoader.json().createObjectNode();
        root.put("run_id", runId);
        root.put("run_dir", runDir);
        root.put("skysift_version", Versions.skysift());
        root.put("started_at", started.toString());

        spark.sparkContext().setJobDescription("summary");
        RunTables read = new RunTables(spark, runDir);
        Dataset<Row> tiles = read.get("tiles");
        // one pass over the tiles table for every per-tile figure: each Spark job costs a small run ~0.1 s
        List<Column> aggs = new ArrayList<>(List.of(
                count("*"),
                sum(when(col("status").equalTo("ok"), 1).otherwise(0)),
                sum(when(col("status").equalTo("failed"), 1).otherwise(0)),
                sum("n_injected"), sum("n_injected_found"), sum("n_candidates_injected"),
                sum(when(col("n_injected").isNotNull(), col("n_candidates")).otherwise(0)),
                expr("percentile(n_sources, 0.5)"),
                expr("percentile(fwhm_median_px, 0.5)"),
                expr("percentile(background_median, 0.5)"),
                expr("percentile(background_rms, 0.5)"),
                expr("percentile(zero_point, 0.5)"),
                sum("ref_malformed_rows"),
                expr("percentile(phot_rms, 0.5)")));
        int stageAt = aggs.size();
        for (String s : STAGES) {
            aggs.add(sum(s + "_ms"));
            aggs.add(expr("percentile(" + s + "_ms, 0.5)"));
        }
        int funnelAt = aggs.size();
        for (org.skysift.detect.Gate g : org.skysift.detect.Gate.values()) {
            aggs.add(sum("funnel_" + g.key()));
        }
        // tiles of an epoch run carry n_epochs; counted here so a run without epochs costs no further job
        int epochsAt = aggs.size();
        aggs.add(Arrays.asList(tiles.columns()).contains("n_epochs") ? count("n_epochs") : lit(0L));
        // within5: no match may be farther apart than the match radius (+ 0.05" of rounding slack)
        double limit = config.match().radiusArcsec() + 0.05;
        List<String> tables = SurveyJob.Tables.names(config);
        // the tiles' aggregates apart from the other tables: folded into the union below they made one query
        // whose code took Spark longer to generate and compile than the two queries take to run
        Row t = tiles.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        Pass pass = countsAndMatches(read, tables, limit);
        long nTiles = t.getLong(0);
        long ok = t.isNullAt(1) ? 0 : t.getLong(1);
        long failed = t.isNullAt(2) ? 0 : t.getLong(2);
        ObjectNode tn = root.putObject("tiles");
        tn.put("total", nTiles);
        tn.put("ok", ok);
        tn.put("failed", failed);
        ObjectNode byStage = tn.putObject("failed_by_stage");
        ArrayNode failures = tn.putArray("first_failures");
        if (failed > 0) {
            Dataset<Row> bad = tiles.filter(col("status").equalTo("failed"));
            for (Row r : bad.groupBy("error_stage").count().orderBy("error_stage").collectAsList()) {
                byStage.put(r.getString(0), r.getLong(1));
            }
            for (Row r : bad.orderBy("tile_id").select("tile_id", "error_stage", "error_class", "error_message")
                    .limit(10).collectAsList()) {
                ObjectNode f = failures.addObject();
                f.put("tile_id", r.getLong(0));
                f.put("stage", r.getString(1));
                f.put("class", r.getString(2));
                f.put("message", r.getString(3));
            }
        }

        root.set("work", work.deepCopy());

        ObjectNode counts = root.putObject("counts");
        tables.forEach(name -> counts.put(name, pass.rows().get(name)));
        ObjectNode inputs = root.putObject("input_problems");
        inputs.put("skipped_rows", problems.skipped());
        inputs.put("reference_malformed_rows", t.isNullAt(12) ? 0 : t.getLong(12));
        ArrayNode first = inputs.putArray("first");
        problems.first().forEach(first::add);

        ObjectNode med = root.putObject("medians");
        putNullable(med, "sources_per_tile", t, 7);
        putNullable(med, "fwhm_px", t, 8);
        putNullable(med, "background", t, 9);
        putNullable(med, "background_rms", t, 10);
        putNullable(med, "zero_point", t, 11);
        putNullable(med, "phot_rms", t, 13);
        Row v = pass.matches();
        putNullable(med, "match_sep_arcsec", v, 0);
        ObjectNode within = root.putObject("validators").putObject("within5");
        within.put("limit_arcsec", limit);
        putNullable(within, "max_sep_arcsec", v, 1);
        long violations = v.isNullAt(2) ? 0 : v.getLong(2);
        within.put("violations", violations);
        within.put("ok", violations == 0);

        ObjectNode timings = root.putObject("stage_ms");
        for (int i = 0; i < STAGES.length; i++) {
            int at = stageAt + 2 * i;
            ObjectNode st = timings.putObject(STAGES[i]);
            st.put("total", t.isNullAt(at) ? 0 : t.getLong(at));
            putNullable(st, "median_per_tile", t, at + 1);
        }

        ObjectNode funnel = root.putObject("funnel");
        org.skysift.detect.Gate[] gates = org.skysift.detect.Gate.values();
        for (int i = 0; i < gates.length; i++) {
            funnel.put(gates[i].key(), t.isNullAt(funnelAt + i) ? 0 : t.getLong(funnelAt + i));
        }

        Double recall = null, precision = null;
        if (!t.isNullAt(3)) {
            long injected = t.getLong(3), found = t.getLong(4), candInj = t.getLong(5), cand = t.getLong(6);
            recall = injected == 0 ? null : (double) found / injected;
            precision = cand == 0 ? null : (double) candInj / cand;
            ObjectNode inj = root.putObject("injection");
            inj.put("injected", injected);
            inj.put("recovered", found);
            inj.put("candidates", cand);
            inj.put("candidates_injected", candInj);
            if (recall == null) {
                inj.putNull("recall");
            } else {
                inj.put("recall", recall);
            }
            if (precision == null) {
                inj.putNull("precision");
            } else {
                inj.put("precision", precision);
            }
        } else {
            root.putNull("injection");
        }
        long tilesWithEpochs = t.isNullAt(epochsAt) ? 0 : ((Number) t.get(epochsAt)).longValue();
        ObjectNode epochs = EpochSummary.of(spark, runDir, tilesWithEpochs);
        if (epochs == null) {
            root.putNull("epochs");
        } else {
            root.set("epochs", epochs);
        }
        Instant finished = Instant.now();
        root.put("finished_at", finished.toString());
        root.put("elapsed_s", Duration.between(started, finished).toMillis() / 1000.0);
        ObjectNode outputs = root.putObject("outputs");
        for (String name : tables) {
            outputs.put(name, runDir + "/" + name);
        }

        Configuration conf = spark.sparkContext().hadoopConfiguration();
        writeText(conf, runDir + "/summary.json", pretty(root));
        writeText(conf, runDir + "/summary.md", SummaryMarkdown.render(root));
        return new Summary(root, ok, failed, recall, precision, read);
    }

    /** Rows per table, and the matches' median and largest separation and separations beyond the limit. */
    private record Pass(Map<String, Long> rows, Row matches) {}

    /**
     * Both in one Spark query, since each query costs jobs: every table's rows, with the separation (null but in
     * matches), unioned and grouped by table.
     */
    private static Pass countsAndMatches(RunTables read, List<String> tables, double limit) {
        Dataset<Row> all = null;
        for (String name : tables) {
            Column sep = name.equals("matches") ? col("sep_arcsec") : lit(null).cast("double");
            Dataset<Row> one = read.get(name).select(lit(name).as("table_name"), sep.as("sep"));
            all = all == null ? one : all.union(one);
        }
        Map<String, Long> rows = new HashMap<>();
        Row matches = RowFactory.create(null, null, null); // the figures of no rows, when matches is empty
        for (Row r : all.groupBy("table_name").agg(count("*"), expr("percentile_approx(sep, 0.5)"), expr("max(sep)"),
                sum(when(col("sep").gt(limit), 1).otherwise(0))).collectAsList()) {
            rows.put(r.getString(0), r.getLong(1));
            if (r.getString(0).equals("matches")) {
                matches = slice(r, 2, 5);
            }
        }
        tables.forEach(name -> rows.putIfAbsent(name, 0L));
        return new Pass(rows, matches);
    }

    private static Row slice(Row r, int from, int to) {
        Object[] v = new Object[to - from];
        for (int i = from; i < to; i++) {
            v[i - from] = r.get(i);
        }
        return RowFactory.create(v);
    }

    private static void putNullable(ObjectNode n, String key, Row r, int i) {
        if (r.isNullAt(i)) {
            n.putNull(key);
        } else {
            Object v = r.get(i);
            n.put(key, v instanceof Number num ? num.doubleValue() : Double.NaN);
        }
    }

    static String pretty(JsonNode n) {
        try {
            return ConfigLoader.json().writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void writeText(Configuration conf, String uri, String text) {
        org.skysift.io.HadoopFiles.write(uri, text.getBytes(StandardCharsets.UTF_8), conf);
    }
}
