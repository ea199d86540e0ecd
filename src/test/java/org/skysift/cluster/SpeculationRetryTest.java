package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.pipeline.SurveyJob;
import org.skysift.pipeline.resume.FirstAttemptFault;
import org.skysift.testing.SparkSessionExtension;

/**
 * Tile tasks whose first attempt fails after the tile was processed and checkpointed (the test-only
 * {@link FirstAttemptFault}), under speculation and task retries ({@code local[2,4]}): Spark runs them again,
 * and no table has a row twice or misses one. Default suite: the job runs in a JVM of its own, since
 * speculation and the master are fixed when a SparkContext starts. Spark never runs a speculative copy on a
 * host already running the task, and local mode is one host, so no copy runs here: StandaloneClusterIT (-Pcluster)
 * makes real copies on two Workers with different host names.
 */
@ExtendWith(SparkSessionExtension.class)
class SpeculationRetryTest {
    static final int TILES = 12;

    static String yaml(Path out, String runId) {
        return String.join("\n", "run_id: " + runId, "output: " + out.toUri(),
                "targets: {kind: fibonacci, count: " + TILES + ", seed: 9}",
                "tiling: {tile_arcmin: 30, tiles_per_partition: 1}",
                "synthetic: {star_density: 2000, vanished_density: 15}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}",
                "report: {plots: false, html: false, hats: false, dashboard: false}", "");
    }

    @Test
    void retriedFirstAttemptsUnderSpeculationLoseAndDoubleNothing(SparkSession spark, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        long t0 = System.nanoTime();
        var clean = SurveyJob.run(spark, ConfigLoader.fromYamlString(yaml(out, "clean")));
        assertThat(clean.summary().tilesOk()).isEqualTo(TILES);
        double cleanS = (System.nanoTime() - t0) / 1e9;
        List<Long> ids = spark.read().parquet(clean.runDir() + "/tiles").orderBy("tile_id").select("tile_id")
                .collectAsList().stream().map(r -> r.getLong(0)).toList();
        Set<Long> faulted = new TreeSet<>(List.of(ids.get(1), ids.get(6), ids.get(10)));

        Path config = Files.writeString(dir.resolve("spec.yaml"), yaml(out, "auto"));
        List<String> command = CliJvm.skysift(List.of(
                        FirstAttemptFault.KEY + "=" + String.join(",", faulted.stream().map(String::valueOf).toList()),
                        "spark.speculation=true", "spark.speculation.interval=100ms", "spark.speculation.quantile=0.25",
                        "spark.speculation.multiplier=1.05", "spark.speculation.minTaskRuntime=100ms"),
                List.of("run", "--config", config.toString(), "--run-id", "speculative", "--master", "local[2,4]"));
        ClusterProcesses processes = new ClusterProcesses(Files.createDirectories(dir.resolve("logs")));
        try {
            long t1 = System.nanoTime();
            Process p = processes.start("speculative", command, dir, Map.of());
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("run ends").isTrue();
            String log = processes.logText("speculative");
            assertThat(p.exitValue()).as(log).isZero();
            double runS = (System.nanoTime() - t1) / 1e9;

            // the fault fired once for each chosen tile, in its task's first attempt only
            Set<Long> fired = new TreeSet<>();
            Matcher m = Pattern.compile(Pattern.quote(FirstAttemptFault.MESSAGE) + "(\\d+)").matcher(log);
            while (m.find()) {
                fired.add(Long.parseLong(m.group(1)));
            }
            assertThat(fired).as("tiles whose first attempt failed").isEqualTo(faulted);
            Path run = out.resolve("speculative");
            JsonNode stage = processingStage(run, TILES);
            assertThat(stage.path("tasks_failed").asInt()).as("failed task attempts").isEqualTo(faulted.size());
            assertThat(stage.path("task_attempts_retried").asInt()).as("retried attempts").isGreaterThanOrEqualTo(faulted.size());

            Map<String, Long> rows = RunTables.assertSame(spark, run, Path.of(java.net.URI.create(clean.runDir())));
            RunTables.assertKeysUnique(spark, run);
            List<Row> perTile = spark.read().parquet(run.resolve("tiles").toUri().toString())
                    .groupBy("tile_id").count().where("count <> 1").collectAsList();
            assertThat(perTile).as("tiles with other than one row").isEmpty();
            assertThat(run.resolve("_checkpoint")).doesNotExist();
            System.out.printf("speculation: faults fired for tiles %s; process stage: %d attempts, %d failed, %d retried,"
                    + " %d speculative, %d killed; clean run %.1f s, faulted run %.1f s; tables equal: %s%n", fired,
                    stage.path("tasks").asInt(), stage.path("tasks_failed").asInt(),
                    stage.path("task_attempts_retried").asInt(), stage.path("task_attempts_speculative").asInt(),
                    stage.path("tasks_killed").asInt(), cleanS, runS, rows);
        } finally {
            processes.close();
        }
    }

    /** metrics.json's figures summed over the stages of the job that processed the tiles. */
    static JsonNode processingStage(Path run, int tiles) throws Exception {
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        var sum = new ObjectMapper().createObjectNode();
        for (JsonNode st : metrics.path("stages")) {
            if (st.path("description").asText().equals("process " + tiles + " tiles")) {
                for (String k : List.of("tasks", "tasks_succeeded", "tasks_failed", "tasks_killed", "task_attempts_retried",
                        "task_attempts_speculative")) {
                    sum.put(k, sum.path(k).asInt() + st.path(k).asInt());
                }
                System.out.println("speculation: stage " + st);
            }
        }
        assertThat(sum.path("tasks").asInt()).as("tasks of \"process " + tiles + " tiles\"").isPositive();
        return sum;
    }
}
