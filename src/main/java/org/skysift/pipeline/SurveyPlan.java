package org.skysift.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;
import org.skysift.pipeline.resume.ConfigFingerprint;

/**
 * Plans a run without processing it: writes the targets table and the tiles table as planned
 * (PlannedTileRow), then plan.json and plan.md with the tiles, their sky area, the images to fetch
 * (and those already cached), the reference cones and the projected cost. Targets are tiled and the
 * tiles planned on the executors; the driver only reads back a handful of aggregates.
 */
public final class SurveyPlan {
    public static final String JSON = "plan.json";
    public static final String MARKDOWN = "plan.md";

    private SurveyPlan() {}

    /** Where the plan went and its summary (plan.json's content). */
    public record Result(String runId, String runDir, ObjectNode summary, PlanCost cost) {}

    /**
     * @param cores executor cores to project the wall time for; null = the session's default parallelism
     * @param costFrom a processed run's folder whose tiles table gives the per-tile cost; null = the default
     */
    public static Result run(SparkSession spark, SkySiftConfig userConfig, Integer cores, String costFrom, PrintStream console) {
        SkySiftConfig config = userConfig.withLocations(HadoopFiles::qualify);
        Instant started = Instant.now();
        String runId = SurveyJob.runId(config, started);
        String runDir = SurveyJob.runDir(config, runId);
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        // the plan writes the run folder's tables: the same probe and lock as a whole run
        try (var lock = RunFolderGuard.enter(config, runDir, runId, hconf, console)) {
            return plan(spark, config, cores, costFrom, console, started, runId, runDir);
        }
    }

    /** The plan proper, once the run folder is checked and locked (also by the acquire step, which holds the lock). */
    static Result plan(SparkSession spark, SkySiftConfig config, Integer cores, String costFrom, PrintStream console,
                       Instant started, String runId, String runDir) {
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        if (org.skysift.pipeline.resume.FinishedRun.find(runDir, hconf).isPresent()) {
            throw new ConfigException("run " + runId + " in " + runDir + " is finished: a plan would replace its targets"
                    + " and tiles tables; plan under another run id");
        }
        // the cost run is read first: a wrong folder is an error before minutes of planning
        String costRun = costFrom == null ? null : HadoopFiles.qualify(costFrom);
        Dataset<Row> busy = costRun == null ? null : TileCosts.busy(spark, costRun).rows();
        double[] measured = busy == null ? null : TileCosts.median(spark, costRun, busy);

        spark.sparkContext().setJobDescription("plan: read targets");
        SurveyWork.Built built = SurveyWork.build(spark, config);
        SurveyJob.Tables.write(spark, runDir, "targets", built.targets());
        PlanTiles planner = new PlanTiles(config, new HadoopConf(hconf));
        SurveyJob.Tables.write(spark, runDir, "tiles",
                SurveyJob.Tables.frame(spark, built.work().mapPartitions(planner::rows), PlannedTileRow.class));
        built.targets().unpersist(false);

        spark.sparkContext().setJobDescription("plan: totals");
        Row t = SurveyJob.Tables.read(spark, runDir, "tiles").agg(
                count(lit(1)),
                functions.coalesce(sum("n_targets"), lit(0L)),
                functions.coalesce(sum(col("width_arcmin").multiply(col("height_arcmin")).divide(3600.0)), lit(0.0)),
                count(col("image_uri")),
                sum(when(col("image_cached"), 1L).otherwise(0L)),
                sum(when(col("image_cached").equalTo(false), 1L).otherwise(0L)),
                max("reference_radius_deg"),
                count(col("image_problem"))).first();
        long tiles = t.getLong(0);
        int nCores = cores != null ? cores : spark.sparkContext().defaultParallelism();
        PlanCost cost = measured == null
                ? new PlanCost(tiles, PlanCost.DEFAULT_PER_TILE_S, PlanCost.DEFAULT_SOURCE, PlanCost.DEFAULT_FIXED_S, nCores)
                : measuredCost(spark, runDir, costRun, busy, measured, nCores);

        ObjectNode s = ConfigLoader.json().createObjectNode();
        s.put("run_id", runId);
        s.put("run_dir", runDir);
        s.put("planned_at", started.toString());
        s.put("targets", t.getLong(1));
        s.put("skipped_target_rows", built.problems().skipped());
        s.put("tiles", tiles);
        s.put("tile_arcmin", config.tiling().tileArcmin());
        s.put("sky_area_deg2", round(t.getDouble(2), 3));
        ObjectNode images = s.putObject("images");
        String kind = PlanTiles.sourceKind(config);
        images.put("source", config.image().source());
        images.put("services", String.join(", ", config.image().services()));
        images.put("kind", kind);
        images.put("planned", t.getLong(3));
        long cached = t.isNullAt(4) ? 0 : t.getLong(4);
        long absent = t.isNullAt(5) ? 0 : t.getLong(5);
        images.put("cached", cached);
        long unservable = t.getLong(7);
        images.put("to_fetch", kind.equals("http") ? absent - unservable : 0);
        images.put("unservable", kind.equals("http") ? unservable : 0);
        images.put("missing_files", kind.equals("files") ? absent : 0);
        ObjectNode ref = s.putObject("reference");
        ref.put("kind", config.reference().kind());
        ref.put("cones", tiles);
        ref.put("max_radius_deg", t.isNullAt(6) ? 0 : round(t.getDouble(6), 5));
        ObjectNode c = s.putObject("cost");
        c.put("per_tile_s", cost.perTileS());
        c.put("per_tile_source", cost.perTileSource());
        c.put("fixed_s", cost.fixedS());
        c.put("cores", cost.cores());
        c.put("tiles_measured", cost.tilesMeasured());
        c.put("tile_seconds", round(cost.tileSeconds(), 3));
        c.put("longest_tile_s", round(cost.longestS(), 3));
        c.put("core_hours", round(cost.coreHours(), 4));
        c.put("wall_s", round(cost.wallSeconds(), 1));
        c.put("wall", PlanCost.duration(cost.wallSeconds()));
        s.put("planning_s", round(Duration.between(started, Instant.now()).toMillis() / 1000.0, 1));
        s.putArray("tables").add("targets").add("tiles");

        StepLog log = new StepLog(RunSteps.Step.PLAN).outputs("targets", "tiles", JSON, MARKDOWN);
        log.parameters().put("config_sha256", ConfigFingerprint.of(config).sha256())
                .put("targets_kind", config.targets().kind()).put("tile_arcmin", config.tiling().tileArcmin())
                .put("cores", cost.cores()).put("cost_from", costFrom);
        log.counts().put("targets", s.path("targets").asLong()).put("tiles", tiles)
                .put("images_to_fetch", images.path("to_fetch").asLong()).put("images_cached", cached);
        log.write(runDir, hconf);
        writeText(hconf, runDir + "/" + JSON, pretty(s));
        writeText(hconf, runDir + "/" + MARKDOWN, markdown(s));
        console.print(consoleLines(s));
        return new Result(runId, runDir, s, cost);
    }

    /**
     * The plan's tiles costed from a processed run: each tile its own busy time where the run has its id, the
     * median of the run's ok tiles for the others; Spark aggregates over a join, one row to the driver.
     */
    static PlanCost measuredCost(SparkSession spark, String runDir, String costRun, Dataset<Row> busy, double[] median,
                                 int cores) {
        spark.sparkContext().setJobDescription("plan: per-tile costs from " + costRun);
        Dataset<Row> own = busy.groupBy("tile_id").agg(max("busy_s").as("busy_s"));
        Row r = SurveyJob.Tables.read(spark, runDir, "tiles").select("tile_id").join(own, "tile_id", "left")
                .select(functions.coalesce(col("busy_s"), lit(median[0])).as("cost"), col("busy_s").isNotNull().as("own"))
                .agg(count(lit(1)), functions.coalesce(sum("cost"), lit(0.0)), functions.coalesce(max("cost"), lit(0.0)),
                        sum(when(col("own"), 1L).otherwise(0L)))
                .first();
        long tiles = r.getLong(0);
        long matched = r.isNullAt(3) ? 0 : r.getLong(3);
        String source = String.format(Locale.ROOT, "busy times of %d tiles measured in %s; median of its %d ok tiles for"
                + " the other %d", matched, tilesTable(costRun), (long) median[1], tiles - matched);
        return new PlanCost(tiles, median[0], source, PlanCost.DEFAULT_FIXED_S, cores, r.getDouble(1), r.getDouble(2),
                matched);
    }

    private static String tilesTable(String runDir) {
        return runDir.replaceAll("/+$", "") + "/tiles";
    }

    static String markdown(ObjectNode s) {
        var i = s.path("images");
        var c = s.path("cost");
        StringBuilder b = new StringBuilder();
        b.append("# Plan ").append(s.path("run_id").asText()).append("\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "targets", String.format(Locale.ROOT, "%,d", s.path("targets").asLong()));
        row(b, "tiles", String.format(Locale.ROOT, "%,d of %s'", s.path("tiles").asLong(), s.path("tile_arcmin").asText()));
        row(b, "sky area", String.format(Locale.ROOT, "%,.1f deg² (sum of the tiles' areas)", s.path("sky_area_deg2").asDouble()));
        row(b, "images", imagesLine(s));
        row(b, "reference cones", String.format(Locale.ROOT, "%,d (%s, radius up to %.3f deg)", s.path("reference").path("cones").asLong(),
                s.path("reference").path("kind").asText(), s.path("reference").path("max_radius_deg").asDouble()));
        row(b, "per-tile cost", String.format(Locale.ROOT, "%.3f s (%s)", c.path("per_tile_s").asDouble(), c.path("per_tile_source").asText()));
        row(b, "projected", String.format(Locale.ROOT, "%.2f core-hours; wall %s on %d cores (incl. %.0f s outside the tiles)",
                c.path("core_hours").asDouble(), c.path("wall").asText(), c.path("cores").asInt(), c.path("fixed_s").asDouble()));
        b.append("\nTables: `targets`, `tiles` (as planned: status `planned`). Made in ")
                .append(s.path("planning_s").asText()).append(" s.\n");
        if (i.path("kind").asText().equals("epochs")) {
            b.append("\nEpoch images are fetched by each tile for every epoch: they are not planned here.\n");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String imagesLine(ObjectNode s) {
        var i = s.path("images");
        return switch (i.path("kind").asText()) {
            case "http" -> String.format(Locale.ROOT, "%,d to fetch (%s), %,d already in the image cache",
                    i.path("to_fetch").asLong(), i.path("services").asText(), i.path("cached").asLong())
                    + (i.path("unservable").asLong() == 0 ? "" : String.format(Locale.ROOT,
                    ", %,d no service can serve (image_problem in the tiles table)", i.path("unservable").asLong()));
            case "files" -> String.format(Locale.ROOT, "%,d files found, %,d tiles without a file",
                    i.path("cached").asLong(), i.path("missing_files").asLong());
            case "epochs" -> "fetched per epoch by the tiles (not planned)";
            default -> "none to fetch (" + i.path("source").asText() + ": rendered)";
        };
    }

    static String consoleLines(ObjectNode s) {
        var c = s.path("cost");
        String dir = s.path("run_dir").asText();
        return String.format(Locale.ROOT, "skysift: plan %s: %,d tiles for %,d targets, %,.1f deg² of tiles%n",
                s.path("run_id").asText(), s.path("tiles").asLong(), s.path("targets").asLong(), s.path("sky_area_deg2").asDouble())
                + "  images:    " + imagesLine(s) + "\n"
                + String.format(Locale.ROOT, "  reference: %,d cones (%s)%n", s.path("reference").path("cones").asLong(),
                s.path("reference").path("kind").asText())
                + String.format(Locale.ROOT, "  cost:      %.3f s per tile (%s)%n", c.path("per_tile_s").asDouble(),
                c.path("per_tile_source").asText())
                + String.format(Locale.ROOT, "             %.2f core-hours; wall %s on %d cores%n", c.path("core_hours").asDouble(),
                c.path("wall").asText(), c.path("cores").asInt())
                + "  tables:    " + dir + "/{targets,tiles}\n"
                + "  plan:      " + dir + "/" + JSON + ", " + MARKDOWN + String.format(Locale.ROOT, " (planned in %s s)%n",
                s.path("planning_s").asText());
    }

    private static String pretty(ObjectNode s) {
        try {
            return ConfigLoader.json().writerWithDefaultPrettyPrinter().writeValueAsString(s) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeText(Configuration conf, String uri, String text) {
        HadoopFiles.write(uri, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), conf);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
