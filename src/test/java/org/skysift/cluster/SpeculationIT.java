package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.skysift.config.ConfigLoader;
import org.skysift.pipeline.SurveyJob;
import org.skysift.pipeline.resume.FirstAttemptFault;
import org.skysift.testing.SparkSessionExtension;

/**
 * Real speculative copies: a standalone Master and two 1-core Workers registered as "127.0.0.1" and
 * "localhost" (Spark runs a task's copy only on another host). One tile's first attempt stalls once it has
 * processed and checkpointed its tile, so a speculative copy runs on the other Worker, wins, and the stalled
 * attempt is killed; another tile's first attempt fails and is retried. The tables equal a clean run's, no
 * key twice. Runs with `mvn -Pcluster verify`.
 */
@Tag("cluster")
@ExtendWith(SparkSessionExtension.class)
class SpeculationIT {
    static final int TILES = 8;

    @Test
    void aSpeculativeCopyAndARetriedAttemptDoubleNoRow(SparkSession spark) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "speculation-it").toAbsolutePath());
        DriverKillResumeTest.deleteTree(dir);
        Path out = dir.resolve("out");
        Path config = Files.createDirectories(dir).resolve("cluster.yaml");
        try (InputStream in = SpeculationIT.class.getResourceAsStream("/cluster/cluster.yaml")) {
            // the cluster tests' config with half its tiles: the copy and the retry need only a few
            String yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(yaml).contains("count: 16");
            Files.writeString(config, yaml.replace("count: 16", "count: " + TILES));
        }
        long t0 = System.nanoTime();
        var clean = SurveyJob.run(spark, ConfigLoader.load(config, List.of("output=" + out.toUri(), "run_id=clean")));
        assertThat(clean.summary().tilesOk()).isEqualTo(TILES);
        List<Long> ids = spark.read().parquet(clean.runDir() + "/tiles").orderBy("tile_id").select("tile_id")
                .collectAsList().stream().map(r -> r.getLong(0)).toList();
        long stalled = ids.get(TILES - 3);
        long failed = ids.get(2);
        System.out.printf("speculation: clean run %.1f s; tile %d stalls, tile %d fails in its first attempt%n",
                (System.nanoTime() - t0) / 1e9, stalled, failed);

        ClusterProcesses processes = new ClusterProcesses(Files.createDirectories(dir.resolve("logs")));
        try {
            SparkHome home = SparkHome.assembled();
            StandaloneCluster cluster = new StandaloneCluster(home, processes, dir.resolve("standalone"))
                    .start(List.of("127.0.0.1", "localhost"));
            JobSubmit submit = new JobSubmit(home, JobSubmit.jobJar());
            long t1 = System.nanoTime();
            Process p = processes.start("speculative", submit.command(cluster.masterUrl(), "client", config, out, "speculative",
                    FirstAttemptFault.STALL_KEY + "=" + stalled, FirstAttemptFault.KEY + "=" + failed,
                    "spark.speculation=true", "spark.speculation.interval=200ms", "spark.speculation.quantile=0.25",
                    "spark.speculation.multiplier=1.5", "spark.speculation.minTaskRuntime=1s", "spark.task.maxFailures=4"),
                    dir.resolve("speculative"), submit.env());
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                ClusterProcesses.kill(p);
                throw new AssertionError("speculative run still running after 5 min; log " + processes.log("speculative"));
            }
            assertThat(p.exitValue()).as("exit; log " + processes.log("speculative")).isZero();
            double runS = (System.nanoTime() - t1) / 1e9;

            Path run = out.resolve("speculative");
            JsonNode stage = SpeculationRetryTest.processingStage(run, TILES);
            assertThat(stage.path("task_attempts_speculative").asInt()).as("speculative copies that ran").isPositive();
            assertThat(stage.path("tasks_failed").asInt() + stage.path("tasks_killed").asInt())
                    .as("attempts failed (the fault) or killed (the stalled original)").isGreaterThanOrEqualTo(2);
            Map<String, Long> rows = RunTables.assertSame(spark, run, Path.of(java.net.URI.create(clean.runDir())));
            RunTables.assertKeysUnique(spark, run);
            assertThat(run.resolve("_checkpoint")).doesNotExist();
            JsonNode executors = new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).path("executors");
            System.out.printf("speculation: standalone run %.1f s: %d attempts, %d speculative, %d failed, %d killed, "
                            + "%d retried; executor hosts %s; tables equal: %s%n", runS, stage.path("tasks").asInt(),
                    stage.path("task_attempts_speculative").asInt(), stage.path("tasks_failed").asInt(),
                    stage.path("tasks_killed").asInt(), stage.path("task_attempts_retried").asInt(),
                    executors.findValuesAsText("host"), rows);
        } finally {
            processes.close();
        }
    }
}
