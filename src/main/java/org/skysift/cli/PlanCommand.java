package org.skysift.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.SurveyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Plans a run without processing it: writes the targets and tiles tables and plan.json/plan.md "
                + "(tiles, sky area, images to fetch and already cached, reference cones, projected cost).")
final class PlanCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (keys in conf/reference.yaml)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. targets.count=1000000")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run folder name under output (config run_id)")
    String runId;

    @Option(names = "--cores", paramLabel = "N", description = "Executor cores to project the wall time for "
            + "(default: the Spark session's default parallelism)")
    Integer cores;

    @Option(names = "--cost-from", paramLabel = "RUN_DIR", description = "A processed run's folder: each planned tile "
            + "costs its busy time there where the tile ids match, the median of its ok tiles otherwise (default: a "
            + "measured figure, docs/PERFORMANCE.md)")
    String costFrom;

    @Override
    public Integer call() {
        List<String> sets = new ArrayList<>(overrides);
        if (runId != null) {
            sets.add("run_id=" + runId);
        }
        if (cores != null && cores < 1) {
            throw new org.skysift.config.ConfigException("--cores must be at least 1, got " + cores);
        }
        SkySiftConfig cfg = ConfigLoader.load(config, sets);
        boolean ours = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.create(master);
        try {
            SurveyPlan.run(spark, cfg, cores, costFrom, System.out);
            return SkySift.OK;
        } finally {
            if (ours) {
                spark.stop();
            }
        }
    }
}
