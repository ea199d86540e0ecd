package org.skysift.pipeline;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.skysift.acquire.AcquireOutcome;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.skysift.pipeline.progress.JobGroup;
import org.skysift.pipeline.progress.RunWatch;
import org.skysift.pipeline.progress.TileCounters;
import org.skysift.pipeline.resume.ConfigFingerprint;
import org.skysift.pipeline.resume.ResumeCounts;
import org.skysift.pipeline.resume.RunLock;
import org.skysift.pipeline.resume.TileCheckpoints;
import org.skysift.report.Manifest;
import org.skysift.report.RunOutputs;
import org.skysift.report.RunPackage;
import org.skysift.report.RunReport;
import org.skysift.report.RunTimings;

/** The driver: targets, tiles, per-tile processing on executors, tables, summary and manifest. */
public final class SurveyJob {
    private SurveyJob() {}

    /** Where the run wrote its outputs and what it found. */
    public record Result(String runId, String runDir, RunReport.Summary summary, ResumeCounts work) {}

    public static Result run(SparkSession spark, SkySiftConfig userConfig) {
        return run(spark, userConfig, null, System.out);
    }

    public static Result run(SparkSession spark, SkySiftConfig userConfig, PrintStream console) {
        return run(spark, userConfig, null, console);
    }

    /**
     * @param configFile the YAML file the config came from (checksummed into the manifest), or null
     * @param console where progress goes while the tiles are processed: a bar on the terminal, plain lines otherwise
     */
    public static Result run(SparkSession spark, SkySiftConfig userConfig, String configFile, PrintStream console) {
        return run(spark, userConfig, configFile, console, RunSteps.ALL);
    }

    /**
     * The run's steps from {@code steps.from()} on: after plan, the targets table comes from the run folder;
     * after acquire, the images from the image cache. Each step records its section (steps/*.json) then.
     */
    public static Result run(SparkSession spark, SkySiftConfig userConfig, String configFile, PrintStream console,
                             RunSteps steps) {
        return run(spark, userConfig, configFile, console, steps, null);
    }

    /** @param costFrom a processed run's folder whose tiles' busy times size the partitions (null: priors) */
    public static Result run(SparkSession spark, SkySiftConfig userConfig, String configFile, PrintStream console,
                             RunSteps steps, String costFrom) {
        SkySiftConfig config = userConfig.withLocations(HadoopFiles::qualify);
        Instant started = Instant.now();
        RunTimings timings = new RunTimings(started);
        String runId = runId(config, started);
        String runDir = runDir(config, runId);
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        // the cost run is read first: a wrong folder is an error before any work
        TileCosts costs = costFrom == null ? TileCosts.PRIOR : TileCosts.measured(spark, HadoopFiles.qualify(costFrom));
        // one driver per run folder, until the run ends, failed or not (a second one would mix their outputs)
        try (RunLock lock = RunFolderGuard.enter(config, runDir, runId, hconf, console)) {
            return runLocked(spark, config, configFile, console, runId, runDir, started, timings, hconf, steps, costs);
        }
    }

    /** How long a run folder's lock lives without a heartbeat (config lock_stale_minutes). */
    public static java.time.Duration lockStaleAfter(SkySiftConfig config) {
        return java.time.Duration.ofMillis(Math.round(config.lockStaleMinutes() * 60_000));
    }

    private static Result runLocked(SparkSession spark, SkySiftConfig config, String configFile, PrintStream console,
                                    String runId, String runDir, Instant started, RunTimings timings, Configuration hconf,
                                    RunSteps steps, TileCosts costs) {
        // tiles a killed earlier attempt of this run finished (listed once), if it ran with this config
        Set<Long> kept = TileCheckpoints.done(runDir, hconf);
        ConfigFingerprint.of(config).checkAndKeep(runDir, runId, kept.size(), hconf);

        // every job of the run in one group (cancellable as one in the Spark UI), each described by its step
        try (JobGroup group = JobGroup.enter(spark.sparkContext(), runId, "skysift run " + runId);
             RunWatch watch = RunWatch.start(spark, runId, runDir, config.report(), console, started)) {
            try {
                return runWatched(spark, config, HadoopFiles.qualify(configFile), runId, runDir, started, timings, watch,
                        console, kept, steps, costs);
            } catch (Throwable e) {
                // Throwable: Spark's job failures are checked exceptions thrown from Scala
                watch.failed(e);
                throw e;
            }
        }
    }

    /** The config's run id, or run-yyyyMMdd_HHmmss (UTC) of the start time for run_id=auto. */
    static String runId(SkySiftConfig config, Instant started) {
        return config.runId().equals("auto")
                ? "run-" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(started)
                : config.runId();
    }

    /** The run folder of a config whose locations are qualified: {@code <output>/<run id>}. */
    public static String runDir(SkySiftConfig config, String runId) {
        return config.output().replaceAll("/+$", "") + "/" + runId;
    }

    private static Result runWatched(SparkSession spark, SkySiftConfig config, String configFile, String runId,
                                     String runDir, Instant started, RunTimings timings, RunWatch watch,
                                     PrintStream console, Set<Long> kept, RunSteps steps, TileCosts costs) {
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        if (steps.from() == RunSteps.Step.REPORT) {
            // the report again from the tables: the work counts are the process step's
            ReportStep.checkInputs(config, runDir, hconf);
            ReportStep.clearOutputs(runDir, hconf);
            return report(spark, config, configFile, runId, runDir, started, timings, watch, steps, new InputProblems(),
                    ReportStep.work(runDir, hconf), null);
        }
        jsc.setJobDescription("read targets");
        if (steps.from() != RunSteps.Step.PLAN) {
            AcquireStep.checkInputs(steps.from(), config, runDir, hconf);
        }
        SurveyWork.Built built = steps.from() == RunSteps.Step.PLAN ? SurveyWork.build(spark, config)
                : SurveyWork.fromTable(spark, config, runDir);
        InputProblems problems = built.problems();
        Dataset<Row> targets = built.targets();
        JavaRDD<TileWork> work = built.work();

        if (ReferenceJoin.wanted(config, hconf)) {
            jsc.setJobDescription("join reference rows to tiles");
            work = ReferenceJoin.attach(spark, work, config);
        }
        work = work.persist(StorageLevel.MEMORY_AND_DISK());
        jsc.setJobDescription("read and tile targets");
        TilePartitioner.Priors priors = TilePartitioner.priors(work, config);
        long nTiles = priors.size();
        timings.lap("targets and tiles");
        if (!steps.isAll() && steps.from() == RunSteps.Step.PLAN) {
            StepLog.planOfRun(config, nTiles, runDir, hconf);
        }
        HadoopConf hadoop = new HadoopConf(hconf);
        // tiles a killed earlier attempt of this run finished are read back, never fetched or processed again
        List<Long> resumed = amongTiles(jsc, work, kept);
        JavaRDD<TileWork> todo = work;
        if (!resumed.isEmpty()) {
            Broadcast<Set<Long>> done = jsc.broadcast(new HashSet<>(resumed));
            todo = work.filter(w -> !done.value().contains(w.request().tile().id()));
            console.println(ResumeCounts.resumingLine(runId, resumed.size(), nTiles));
        }
        long nTodo = nTiles - resumed.size();
        // with --from process the images must be in the cache already: the tiles read them from there
        StepLog acquired = new StepLog(RunSteps.Step.ACQUIRE).inputs("targets", "tiles");
        Map<Long, AcquireOutcome> outcomes = Map.of();
        if (steps.runs(RunSteps.Step.ACQUIRE)) {
            outcomes = AcquireStep.acquire(spark, todo, nTodo, config, hadoop, acquired).outcomes();
        } else {
            AcquireStep.requireCachedImages(spark, todo, config, hadoop);
        }
        Broadcast<Map<Long, AcquireOutcome>> prefetched = outcomes.isEmpty() ? null : jsc.broadcast(outcomes);
        timings.lap("prefetch (HTTP images, VizieR cones)");
        if (!steps.isAll() && steps.runs(RunSteps.Step.ACQUIRE)) {
            acquired.write(runDir, hconf);
        }
        ResumeCounts counts = ResumeCounts.of(resumed.size(), nTodo, outcomes.values());
        watch.work(counts.json());
        if (config.report().cutouts() && resumed.isEmpty()) {
            // a reused run id must not keep the stamps of candidates this run no longer has
            HadoopFiles.deleteRecursively(runDir + "/cutouts", hconf);
        }
        TileCheckpoints checkpoints = new TileCheckpoints(runDir, hadoop);
        TileProcessor processor = new TileProcessor(config, hadoop, prefetched, runDir, checkpoints);
        TileCounters counters = watch.counters();
        // partitions of equal expected cost, the costliest first: a slow tile does not hold a stage's tail
        TilePartitioner.Arranged arranged = TilePartitioner.arrange(jsc, todo, priors, resumed, costs,
                config.tiling().tilesPerPartition());
        JavaRDD<TileResult> results = arranged.work().mapPartitions(tiles -> processor.processAll(tiles, counters));
        if (!resumed.isEmpty()) {
            results = results.union(jsc.parallelize(resumed, Math.min(resumed.size(), jsc.defaultParallelism()))
                    .map(checkpoints::read));
        }
        results = results.persist(StorageLevel.MEMORY_AND_DISK());
        // processed in a job of its own, so the progress ends when the tiles do and the writes read the cache
        jsc.setJobDescription("process " + nTodo + " tiles" + (resumed.isEmpty() ? "" : ", read back " + resumed.size()));
        StepLog processed = new StepLog(RunSteps.Step.PROCESS).inputs("targets", "tiles", "images and reference cones");
        processed.parameters().put("partitions", arranged.deal().partitions()).put("cores", arranged.cores())
                .put("tile_costs", costs.describe()).put("tiles_with_measured_cost", arranged.measured());
        watch.processing(nTodo);
        results.count();
        watch.processed();

        // a part file per ~1000 tiles of per-tile rows, per ~50 tiles of per-source rows: on a survey the
        // tasks' small files cost more to write, list and checksum than their rows (the tiles are cached,
        // so merging partitions here reprocesses nothing; docs/PERFORMANCE.md "Job throughput")
        long tiles = nTodo + resumed.size();
        int parts = results.getNumPartitions();
        int few = Tables.files(tiles, 1000, parts), many = Tables.files(tiles, 50, parts);
        JavaRDD<TileResult> done = results;
        // the largest first; three at a time, so one write's planning and last task overlap another's tasks
        List<Runnable> writes = new ArrayList<>(List.of(
                () -> Tables.writeBySkyRegion(spark, runDir, "sources",
                        Tables.frame(spark, done.flatMap(r -> r.sources().iterator()), SourceRow.class).coalesce(many),
                        config.targets().healpixOrder()),
                () -> Tables.write(spark, runDir, "matches",
                        Tables.frame(spark, done.flatMap(r -> r.matches().iterator()), MatchRow.class).coalesce(many)),
                () -> Tables.write(spark, runDir, "rejected",
                        Tables.frame(spark, done.flatMap(r -> r.rejected().iterator()), RejectedRow.class).coalesce(many)),
                () -> Tables.write(spark, runDir, "tiles",
                        Tables.frame(spark, done.map(TileResult::tile), TileRow.class).coalesce(few)),
                () -> Tables.write(spark, runDir, "targets", targets),
                () -> Tables.write(spark, runDir, "candidates",
                        Tables.frame(spark, done.flatMap(r -> r.candidates().iterator()), CandidateRow.class).coalesce(few)),
                () -> Tables.write(spark, runDir, "injections",
                        Tables.frame(spark, done.flatMap(r -> r.injections().iterator()), InjectionRow.class).coalesce(few))));
        if (config.epochs().configured()) {
            writes.add(1, () -> Tables.write(spark, runDir, "lightcurves",
                    Tables.frame(spark, done.flatMap(r -> r.lightcurves().iterator()), LightcurveRow.class).coalesce(many)));
            writes.add(() -> Tables.write(spark, runDir, "variability",
                    Tables.frame(spark, done.flatMap(r -> r.variability().iterator()), VariabilityRow.class).coalesce(many)));
            writes.add(() -> Tables.write(spark, runDir, "transients",
                    Tables.frame(spark, done.flatMap(r -> r.transients().iterator()), TransientRow.class).coalesce(few)));
            writes.add(() -> Tables.write(spark, runDir, "epoch_injections", Tables.frame(spark,
                    done.flatMap(r -> r.epochInjections().iterator()), EpochInjectionRow.class).coalesce(few)));
        }
        SideBySide.run("write", 3, writes);
        timings.lap("process tiles, write tables");
        processed.outputs(Tables.names(config).toArray(String[]::new)).work(counts.json());
        if (!steps.runs(RunSteps.Step.REPORT)) {
            // --until process: the tables are the step's outputs; the report step makes the rest from them
            jsc.setJobDescription("count the processed tiles' rows");
            processed.counts(ProcessStep.counts(results, config.epochs().configured())).write(runDir, hconf);
        }
        results.unpersist(false);
        work.unpersist(false);
        targets.unpersist(false);
        if (!steps.runs(RunSteps.Step.REPORT)) {
            TileCheckpoints.delete(runDir, hconf);
            watch.finished();
            return new Result(runId, runDir, null, counts);
        }
        return report(spark, config, configFile, runId, runDir, started, timings, watch, steps, problems, counts,
                steps.isAll() ? null : processed);
    }

    /**
     * The report step: summary, report outputs and manifest (and the zip with report.zip) from the tables in the
     * run folder; processed, when the process step ran in this invocation and records a section, takes the
     * summary's counts.
     */
    private static Result report(SparkSession spark, SkySiftConfig config, String configFile, String runId, String runDir,
                                 Instant started, RunTimings timings, RunWatch watch, RunSteps steps,
                                 InputProblems problems, ResumeCounts counts, StepLog processed) {
        Configuration hconf = spark.sparkContext().hadoopConfiguration();
        RunReport.Summary summary = RunReport.write(spark, runDir, runId, config, problems, started, counts.json());
        timings.lap("summary");
        if (processed != null) {
            processed.summary(summary.json()).write(runDir, hconf);
        }
        StepLog reported = ReportStep.log(config);
        RunOutputs.write(new RunOutputs.Context(spark, runDir, runId, config, summary.json(), summary.tables()));
        timings.lap("report outputs");
        if (!steps.isAll()) {
            reported.outputs("summary.json", "summary.md", "report outputs (report.* switches)", "manifest.json")
                    .summary(summary.json()).write(runDir, hconf);
        }
        // the manifest's last Spark job (input checksums from the tiles table) runs before metrics.json is
        // written, so metrics.json lists every job of the run; the manifest, which covers it, comes after
        // every tile is in the tables now: the checkpoints go before the manifest lists the run's files
        TileCheckpoints.delete(runDir, hconf);
        spark.sparkContext().setJobDescription("manifest inputs");
        ObjectNode inputs = Manifest.inputs(spark, runDir, config, configFile);
        watch.finished();
        Manifest.write(spark, new Manifest.Run(runDir, runId, config, inputs, summary.json(), timings));
        if (config.report().zip()) {
            RunPackage.write(hconf, runDir, null);
        }
        return new Result(runId, runDir, summary, counts);
    }

    /** The ids of this run's tiles that have a checkpoint. */
    private static List<Long> amongTiles(JavaSparkContext jsc, JavaRDD<TileWork> work, Set<Long> kept) {
        if (kept.isEmpty()) {
            return List.of();
        }
        Broadcast<Set<Long>> done = jsc.broadcast(kept);
        jsc.setJobDescription("find the " + kept.size() + " tiles already done");
        return work.map(w -> w.request().tile().id()).filter(id -> done.value().contains(id)).collect();
    }

    /** Helpers shared by the driver and the tests for table IO. */
    public static final class Tables {
        static final int SKY_REGION_ORDER = 3;
        public static final List<String> NAMES = List.of("targets", "tiles", "sources", "matches", "candidates", "rejected",
                "injections");
        /** Written besides {@link #NAMES} only when the config has epochs (each table write costs a Spark job). */
        public static final List<String> EPOCH_NAMES = List.of("transients", "epoch_injections", "lightcurves",
                "variability");

        private Tables() {}

        /** The tables a run of this config writes. */
        public static List<String> names(SkySiftConfig config) {
            if (!config.epochs().configured()) {
                return NAMES;
            }
            List<String> all = new ArrayList<>(NAMES);
            all.addAll(EPOCH_NAMES);
            return List.copyOf(all);
        }

        static <T extends Record> Dataset<Row> frame(SparkSession spark, JavaRDD<T> rows, Class<T> type) {
            RecordSchema schema = RecordSchema.of(type);
            return spark.createDataFrame(rows.map(schema::toRow), schema.schema());
        }

        /** Part files for a table of {@code tiles} tiles at about {@code tilesPerFile} each, at most {@code parts}. */
        static int files(long tiles, int tilesPerFile, int parts) {
            return (int) Math.max(1, Math.min(parts, (tiles + tilesPerFile - 1) / tilesPerFile));
        }

        static void write(SparkSession spark, String runDir, String name, Dataset<Row> df) {
            spark.sparkContext().setJobDescription("write " + name);
            writer(df).mode(SaveMode.Overwrite).parquet(runDir + "/" + name);
        }

        /**
         * Written in folders hp3=&lt;pixel&gt; (the order-3 nested HEALPix parent of the healpix column, 768
         * regions of ~54 square degrees) so readers can prune by sky region.
         */
        static void writeBySkyRegion(SparkSession spark, String runDir, String name, Dataset<Row> df, int order) {
            if (order < SKY_REGION_ORDER) {
                write(spark, runDir, name, df);
                return;
            }
            spark.sparkContext().setJobDescription("write " + name);
            Dataset<Row> regions = df.withColumn("hp3",
                    org.apache.spark.sql.functions.shiftright(df.col("healpix"), 2 * (order - SKY_REGION_ORDER)));
            if (regions.isEmpty()) {
                // a partitioned write of no rows leaves no file to carry the schema; an empty plain file does
                write(spark, runDir, name, regions);
                return;
            }
            writer(regions).mode(SaveMode.Overwrite).partitionBy("hp3").parquet(runDir + "/" + name);
        }

        /**
         * A Parquet writer of the frame with dictionary encoding off for its floating-point columns. Measured
         * values (positions, fluxes, errors) almost never repeat, so Parquet builds each column chunk's
         * dictionary, finds it too large and falls back to plain encoding: on a 400-tile run that wasted work
         * was ~20% of the CPU after the tiles (docs/PERFORMANCE.md "Fixed cost"). The files hold the same
         * values; other columns (ids, flags, strings) keep their dictionaries.
         */
        public static org.apache.spark.sql.DataFrameWriter<Row> writer(Dataset<Row> df) {
            org.apache.spark.sql.DataFrameWriter<Row> w = df.write();
            for (org.apache.spark.sql.types.StructField f : df.schema().fields()) {
                if (f.dataType() instanceof org.apache.spark.sql.types.DoubleType
                        || f.dataType() instanceof org.apache.spark.sql.types.FloatType) {
                    w = w.option("parquet.enable.dictionary#" + f.name(), "false");
                }
            }
            return w;
        }

        public static Dataset<Row> read(SparkSession spark, String runDir, String name) {
            // literal: a run folder may hold glob characters ("out[2]")
            return spark.read().parquet(HadoopFiles.literal(runDir + "/" + name));
        }
    }
}
