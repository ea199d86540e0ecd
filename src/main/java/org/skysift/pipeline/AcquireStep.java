package org.skysift.pipeline;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.skysift.acquire.AcquireOutcome;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.resume.ConfigFingerprint;

/**
 * The acquire step on its own ({@code run --until acquire}): every planned tile's image into the image
 * cache and, for VizieR with a cone cache, its reference cone, so that a later {@code run --from process}
 * reads them all from the caches. Also the checks and manifest sections of the run's other steps.
 */
public final class AcquireStep {
    private AcquireStep() {}

    /** Counts of an acquire: tiles, images asked for, already cached, fetched, failed; reference cones prefetched. */
    public record Counts(long tiles, long images, long cached, long fetched, long failed, long cones) {}

    /** The acquire stage's outcome per tile (empty when images are not fetched over HTTP) and its counts. */
    record Acquired(Map<Long, AcquireOutcome> outcomes, Counts counts) {}

    /** Runs plan (when from is plan) and acquire; the config is qualified. */
    public static Counts run(SparkSession spark, SkySiftConfig config, RunSteps steps, String runDir, PrintStream console) {
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        // the step writes the caches and the run folder: probe them and hold the folder, as a whole run does
        try (var lock = RunFolderGuard.enter(config, runDir, new org.apache.hadoop.fs.Path(runDir).getName(), hconf, console)) {
            if (steps.from() == RunSteps.Step.PLAN) {
                SurveyPlan.plan(spark, config, null, null, console, java.time.Instant.now(),
                        new org.apache.hadoop.fs.Path(runDir).getName(), runDir);
            }
            return acquireLocked(spark, config, runDir, console, hconf);
        }
    }

    private static Counts acquireLocked(SparkSession spark, SkySiftConfig config, String runDir, PrintStream console,
                                        Configuration hconf) {
        checkInputs(RunSteps.Step.ACQUIRE, config, runDir, hconf);
        StepLog log = new StepLog(RunSteps.Step.ACQUIRE).inputs("targets", "tiles");
        SurveyWork.Built built = SurveyWork.fromTable(spark, config, runDir);
        JavaRDD<TileWork> work = built.work().cache();
        spark.sparkContext().setJobDescription("read and tile targets");
        Counts c = acquire(spark, work, work.count(), config, new HadoopConf(hconf), log).counts();
        work.unpersist(false);
        built.targets().unpersist(false);
        log.write(runDir, hconf);
        console.printf("skysift: acquire %s: %d tiles, %d images (%d already cached, %d fetched, %d failed), %d reference"
                + " cones prefetched%n  section: %s/steps/acquire.json%n", runDir, c.tiles(), c.images(), c.cached(),
                c.fetched(), c.failed(), c.cones(), runDir);
        return c;
    }

    /** The acquire stage over the work (fetching what the caches lack), recorded in the step's section. */
    static Acquired acquire(SparkSession spark, JavaRDD<TileWork> work, long tiles, SkySiftConfig config, HadoopConf hadoop,
                            StepLog log) {
        Map<Long, AcquireOutcome> outcomes = Map.of();
        if (!config.image().services().isEmpty() && !config.epochs().configured()) {
            spark.sparkContext().setJobDescription("acquire " + tiles + " images");
            outcomes = AcquireStage.run(work, config, hadoop);
            log.outputs("images in " + config.image().cache());
        }
        long cones = 0;
        if (config.reference().kind().equals("vizier") && config.reference().cache() != null) {
            spark.sparkContext().setJobDescription("fetch reference cones for " + tiles + " tiles");
            AcquireStage.prefetchReference(work, config, hadoop);
            cones = tiles;
            log.outputs("reference cones in " + config.reference().cache());
        }
        Counts c = counts(tiles, outcomes.values(), cones);
        log.parameters().put("image_source", config.image().source());
        log.parameters().put("services", String.join(", ", config.image().services()));
        log.parameters().put("max_concurrent", config.image().maxConcurrent());
        log.parameters().put("reference_kind", config.reference().kind());
        log.counts().put("tiles", c.tiles()).put("images", c.images()).put("cached", c.cached())
                .put("fetched", c.fetched()).put("failed", c.failed()).put("reference_cones", c.cones());
        return new Acquired(outcomes, c);
    }

    static Counts counts(long tiles, Collection<AcquireOutcome> outcomes, long cones) {
        long cached = outcomes.stream().filter(o -> o.ok() && o.cached()).count();
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        return new Counts(tiles, outcomes.size(), cached, outcomes.size() - cached - failed, failed, cones);
    }

    /** A step that starts on the run folder: its tables are there and were planned with this config. */
    static void checkInputs(RunSteps.Step from, SkySiftConfig config, String runDir, Configuration conf) {
        StepLog.requireInputs(from, runDir, ConfigFingerprint.of(config), conf, List.of("targets", "tiles"));
    }

    /**
     * Before processing from the caches ({@code --from process}): every tile's image must be in the image
     * cache, else the error names how many are not and the first of them.
     */
    static void requireCachedImages(SparkSession spark, JavaRDD<TileWork> work, SkySiftConfig config, HadoopConf hadoop) {
        if (!PlanTiles.sourceKind(config).equals("http")) {
            return;
        }
        spark.sparkContext().setJobDescription("check the tiles' images are in the image cache");
        PlanTiles planner = new PlanTiles(config, hadoop);
        JavaRDD<PlannedTileRow> missing = work.mapPartitions(planner::rows).filter(r -> !r.imageCached());
        long n = missing.count();
        if (n > 0) {
            PlannedTileRow first = missing.first();
            throw new ConfigException("--from process: " + n + " tiles' images are not in the image cache "
                    + config.image().cache() + " (first: tile " + first.tileId() + ", "
                    + (first.imageCachePath() != null ? first.imageCachePath() : first.imageProblem())
                    + "); run --from acquire --until acquire on this run id first");
        }
    }
}
