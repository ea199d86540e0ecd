package org.skysift.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;
import org.skysift.pipeline.resume.FinishedRun;
import org.skysift.pipeline.resume.RunLock;
import org.skysift.config.ConfigException;
import org.skysift.pipeline.AcquireStep;
import org.skysift.pipeline.RunSteps;
import org.skysift.pipeline.SurveyJob;
import org.skysift.pipeline.SurveyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs the survey job.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (keys in conf/reference.yaml)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. targets.count=20")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--fail-fast", description = "Stop the job at the first failed tile")
    boolean failFast;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run folder name under output (config run_id). "
            + "Running a broken run's id again resumes it: finished tiles are read back, not redone; "
            + "a finished run's id does nothing unless --redo")
    String runId;

    @Option(names = "--redo", description = "Run the run id again from nothing, replacing its outputs and any "
            + "tiles kept from a broken attempt")
    boolean redo;

    @Option(names = "--from", paramLabel = "STEP", description = "First step to run: plan, acquire, process, report "
            + "(summary, report outputs and manifest again from the tables, e.g. after changing report.* keys), package "
            + "(= skysift package RUN_DIR); reads the earlier steps' outputs from the run folder; needs a run id")
    String from;

    @Option(names = "--until", paramLabel = "STEP", description = "Last step to run: plan (= skysift plan), acquire, "
            + "process (the tables, no summary or report), report, package")
    String until;

    @Option(names = "--cost-from", paramLabel = "RUN_DIR", description = "A processed run's folder: its tiles' busy "
            + "times (each tile's own where the ids match, the median for others) size the Spark partitions "
            + "(default: tile area x star density)")
    String costFrom;

    @Override
    public Integer call() {
        RunSteps steps = RunSteps.of(from, until);
        List<String> sets = new ArrayList<>(overrides);
        if (until != null && !steps.runs(RunSteps.Step.PACKAGE)) {
            sets.add("report.zip=false");
        } else if (until != null) {
            sets.add("report.zip=true");
        }
        if (failFast) {
            sets.add("fail_fast=true");
        }
        if (runId != null) {
            sets.add("run_id=" + runId);
        }
        SkySiftConfig cfg = ConfigLoader.load(config, sets);
        if (redo && steps.from() != RunSteps.Step.PLAN) {
            throw new ConfigException("--redo starts the run from nothing; it cannot go with --from " + from);
        }
        if (!steps.isAll() && cfg.runId().equals("auto") && !(steps.until() == RunSteps.Step.PLAN)) {
            throw new ConfigException("--from/--until: the steps work on one run folder: give its --run-id (run_id is auto)");
        }
        if (steps.from() == RunSteps.Step.PACKAGE) {
            // the package step is skysift package: the zip and its .sha256 beside the finished run folder
            return PackageCommand.pack(SurveyJob.runDir(cfg.withLocations(HadoopFiles::qualify), cfg.runId()), null,
                    new org.apache.hadoop.conf.Configuration());
        }
        // a session that already existed (an embedding application, a test JVM) is not ours to stop
        boolean ours = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.create(master);
        try {
            if (steps.until() == RunSteps.Step.PLAN) {
                SurveyPlan.run(spark, cfg, null, null, System.out);
                return SkySift.OK;
            }
            if (steps.until() == RunSteps.Step.ACQUIRE) {
                SkySiftConfig q = cfg.withLocations(HadoopFiles::qualify);
                AcquireStep.run(spark, q, steps, SurveyJob.runDir(q, cfg.runId()), System.out);
                return SkySift.OK;
            }
            // --from report makes a finished run's report again: that one is not left alone
            if (!cfg.runId().equals("auto") && steps.from() != RunSteps.Step.REPORT) {
                String runDir = SurveyJob.runDir(cfg.withLocations(HadoopFiles::qualify), cfg.runId());
                var hconf = spark.sparkContext().hadoopConfiguration();
                var finished = FinishedRun.find(runDir, hconf);
                if (finished.isPresent() && !redo) {
                    System.out.println(finished.get().describe());
                    return SkySift.OK;
                }
                if (redo) {
                    // never delete the folder a live run is writing
                    var live = RunLock.liveHolder(runDir, SurveyJob.lockStaleAfter(cfg), hconf);
                    if (live.isPresent()) {
                        throw RunLock.refusal(runDir, runDir + "/" + RunLock.FILE, live.get(), SurveyJob.lockStaleAfter(cfg));
                    }
                    System.out.println("skysift: --redo: removing " + runDir + " and running " + cfg.runId() + " from nothing");
                    HadoopFiles.deleteRecursively(runDir, hconf);
                }
            }
            SurveyJob.Result r = SurveyJob.run(spark, cfg, config == null ? null : config.toAbsolutePath().toString(), System.out,
                    steps, costFrom);
            if (r.summary() == null) {
                System.out.printf("skysift: run %s processed (--until process): %d tiles%n", r.runId(), r.work().tilesProcessed()
                        + r.work().tilesResumed());
                System.out.println("  tables:   " + r.runDir() + "/{" + String.join(",", SurveyJob.Tables.names(cfg)) + "}");
                System.out.println("  section:  " + r.runDir() + "/steps/process.json (counts)");
                System.out.println("  next:     skysift run --from report --run-id " + r.runId() + " (summary, report, manifest)");
                return SkySift.OK;
            }
            var s = r.summary();
            System.out.printf("skysift: run %s finished: %d tiles ok, %d failed%n", r.runId(), s.tilesOk(), s.tilesFailed());
            var rep = cfg.report();
            if (rep.html()) {
                System.out.println("  report:   " + r.runDir() + "/report.html (open in a browser)");
            }
            System.out.println("  tables:   " + r.runDir() + "/{" + String.join(",", SurveyJob.Tables.names(cfg)) + "}");
            if (rep.hats()) {
                System.out.println("  hats:     " + r.runDir() + "/hats/{sources,candidates} (lsdb.open_catalog)");
            }
            System.out.println("  summary:  " + r.runDir() + "/summary.md (and summary.json" + (rep.dashboard() ? ", summary.csv)" : ")"));
            System.out.println("  manifest: " + r.runDir() + "/manifest.json");
            if (rep.plots() || rep.cutouts()) {
                System.out.println("  figures:  " + r.runDir() + "/" + (rep.plots() ? "plots/" : "")
                        + (rep.plots() && rep.cutouts() ? " and " : "") + (rep.cutouts() ? "cutouts/" : ""));
            }
            if (rep.metrics()) {
                System.out.println("  metrics:  " + r.runDir() + "/metrics.json (Spark jobs, stages, executors, tiles/s)");
            }
            var w = r.work();
            System.out.printf("  work:     %d tiles processed, %d resumed from checkpoints, %d images fetched%n",
                    w.tilesProcessed(), w.tilesResumed(), w.imagesFetched());
            var c = s.json().path("counts");
            System.out.printf("  counts:   %d targets, %d sources, %d matches, %d candidates%n",
                    c.path("targets").asLong(), c.path("sources").asLong(), c.path("matches").asLong(), c.path("candidates").asLong());
            if (s.recall() != null || s.precision() != null) {
                System.out.printf("  injection recovery: recall %s, precision %s%n", fmt(s.recall()), fmt(s.precision()));
            }
            return SkySift.OK;
        } finally {
            if (ours) {
                spark.stop();
            }
        }
    }

    private static String fmt(Double d) {
        return d == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", d);
    }
}
