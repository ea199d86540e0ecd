package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.skysift.pipeline.resume.FirstAttemptFault;
import org.skysift.testing.SparkSessionExtension;

/**
 * The job jar submitted with the real SparkSubmit from an assembled Spark home: on local[2], then to a
 * standalone Master with two 1-core Workers on loopback, registered as "127.0.0.1" and "localhost": in
 * cluster deploy mode; with speculation on, one tile's first attempt stalled (a speculative copy wins) and
 * another's failed (retried); then in client deploy mode with one Worker killed by SIGKILL mid-run. Every
 * run uses the same config, and each one's tables must equal the local[2] run's row for row, no key twice.
 * Runs with `mvn -Pcluster verify` (needs the packaged job jar).
 */
@Tag("cluster")
@ExtendWith(SparkSessionExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    static final int TILES = 8;

    static ClusterRuns runs;
    static Path dir;
    static Path out;
    static ClusterProcesses processes;
    static JobSubmit submit;
    static StandaloneCluster cluster;

    @BeforeAll
    static void setUp() throws IOException {
        runs = ClusterRuns.create("standalone");
        dir = runs.dir;
        out = runs.out;
        processes = runs.processes;
        submit = runs.submit;
    }

    @AfterAll
    static void tearDown() {
        if (runs != null) {
            runs.close();
        }
    }

    /** The local[2] run every other run is compared with (shared with the other cluster tests). */
    static Path localRun() throws Exception {
        return ClusterRuns.localReference();
    }

    /** A submit of the config to the run folder runId. */
    static List<String> command(String master, String deployMode, String runId, String... conf) {
        return submit.command(master, deployMode, runs.config, out, runId, conf);
    }

    static synchronized StandaloneCluster cluster() throws Exception {
        if (cluster == null) {
            long t0 = System.nanoTime();
            // two host names for the two Workers: Spark runs a speculative copy only on another host
            cluster = new StandaloneCluster(SparkHome.assembled(), processes, dir.resolve("standalone"))
                    .start(List.of("127.0.0.1", "localhost"));
            System.out.printf("cluster: master %s with 2 workers up in %.1f s%n", cluster.masterUrl(), secondsSince(t0));
        }
        return cluster;
    }

    @Test
    @Order(1)
    void sparkSubmitOnLocal2WritesEveryTable(SparkSession spark) throws Exception {
        Path run = localRun();
        Map<String, Long> counts = RunTables.rowCounts(spark, run);
        assertThat(counts.get("tiles")).isEqualTo(TILES);
        assertThat(counts.get("targets")).isEqualTo(TILES);
        assertThat(counts.get("sources")).isGreaterThan(500);
        assertThat(counts.get("matches")).isGreaterThan(500);
        assertThat(counts.get("candidates")).isPositive();
        assertThat(counts.get("injections")).isPositive();
        assertThat(spark.read().parquet(run.resolve("tiles").toUri().toString()).where("status <> 'ok'").count())
                .as("failed tiles").isZero();
        System.out.println("cluster: local[2] rows per table " + counts);
    }

    @Test
    @Order(3)
    void clusterDeployModeEqualsLocal(SparkSession spark) throws Exception {
        // the client waits for the driver the Master placed on a Worker (it reports the driver's end state)
        Path run = runs.run("cluster", command(cluster().masterUrl(), "cluster", "cluster",
                "spark.standalone.submit.waitAppCompletion=true"));
        Map<String, Long> counts = RunTables.assertSame(spark, run, localRun());
        JsonNode progress = progress(run);
        assertThat(progress.path("state").asText()).isEqualTo("finished");
        // the driver ran on a Worker (in a driver-* folder of its work dir), not in the submitting JVM
        assertThat(progress.path("driver").path("pid").asLong()).isNotEqualTo(runs.launched.get("cluster"));
        try (var s = Files.find(dir.resolve("standalone"), 4, (p, a) -> p.getFileName().toString().startsWith("driver-"))) {
            assertThat(s.toList()).as("driver folders in the Workers' work dirs").hasSize(1);
        }
        // the driver holds its Worker's only core, so the app gets one executor, on the other Worker
        assertThat(RunTables.executorsThatRanTiles(spark, run)).as("executors that processed tiles").isEqualTo(1);
        System.out.println("cluster: cluster mode equals local[2], rows compared " + counts);
    }

    @Test
    @Order(3)
    void speculativeCopyAndRetriedAttemptDoubleNoRow(SparkSession spark) throws Exception {
        // one tile's first attempt stalls after checkpointing its tile, so a speculative copy on the other
        // Worker wins and the original is killed; another tile's first attempt fails and is retried
        List<Long> ids = spark.read().parquet(localRun().resolve("tiles").toUri().toString()).orderBy("tile_id")
                .select("tile_id").collectAsList().stream().map(r -> r.getLong(0)).toList();
        long stalled = ids.get(TILES - 3);
        long failed = ids.get(2);
        long t0 = System.nanoTime();
        Path run = runs.run("speculative", command(cluster().masterUrl(), "client", "speculative",
                FirstAttemptFault.STALL_KEY + "=" + stalled, FirstAttemptFault.KEY + "=" + failed,
                "spark.speculation=true", "spark.speculation.interval=200ms", "spark.speculation.quantile=0.25",
                "spark.speculation.multiplier=1.5", "spark.speculation.minTaskRuntime=1s", "spark.task.maxFailures=4"));
        JsonNode stage = RunTables.processingStage(run, TILES);
        assertThat(stage.path("task_attempts_speculative").asInt()).as("speculative copies that ran").isPositive();
        assertThat(stage.path("tasks_failed").asInt() + stage.path("tasks_killed").asInt())
                .as("attempts failed (the fault) or killed (the stalled original)").isGreaterThanOrEqualTo(2);
        Map<String, Long> rows = RunTables.assertSame(spark, run, localRun());
        RunTables.assertKeysUnique(spark, run);
        assertThat(run.resolve("_checkpoint")).doesNotExist();
        System.out.printf("cluster: speculative run %.1f s: %d attempts, %d speculative, %d failed, %d killed, %d retried;"
                        + " tables equal local[2]: %s%n", secondsSince(t0), stage.path("tasks").asInt(),
                stage.path("task_attempts_speculative").asInt(), stage.path("tasks_failed").asInt(),
                stage.path("tasks_killed").asInt(), stage.path("task_attempts_retried").asInt(), rows);
    }

    @Test
    @Order(4)
    void workerKilledMidRunLosesAndDoublesNothing(SparkSession spark) throws Exception {
        StandaloneCluster c = cluster();
        Path runDir = out.resolve("killed");
        // one tile's first attempt waits after its tile is done; the Worker whose executor holds it is killed,
        // so a running task is surely lost and must run again on the other Worker (waiting for "both executors
        // busy" in progress.json alone raced the tiles on a fast machine: sometimes nothing was running). The
        // tile is one the local run started first, so the kill comes early: every tile the lost executor had
        // finished and cached is computed again, which a late kill makes long
        long held = spark.read().parquet(localRun().resolve("tiles").toUri().toString()).orderBy("started_at", "tile_id")
                .select("tile_id").first().getLong(0);
        long t0 = System.nanoTime();
        Process driver = processes.start("killed", command(c.masterUrl(), "client", "killed",
                        FirstAttemptFault.STALL_KEY + "=" + held),
                dir.resolve("killed"), submit.env());
        int victimIndex = awaitHeldTile(runDir, driver, held);
        long doneAtKill = awaitSomeTilesDone(runDir, driver);
        Process victim = c.workers().get(victimIndex);
        List<ProcessHandle> executors = victim.descendants().toList();
        assertThat(executors).as("executor processes of worker%d", victimIndex + 1).isNotEmpty();
        ClusterProcesses.kill(victim);
        double killedAt = secondsSince(t0);
        System.out.printf("cluster: killed worker%d (pid %d) and its executor(s) %s, which held tile %d, at %.1f s"
                        + " with %d/%d tiles done%n", victimIndex + 1, victim.pid(),
                executors.stream().map(ProcessHandle::pid).toList(), held, killedAt, doneAtKill, TILES);
        assertThat(executors).allMatch(h -> !h.isAlive());

        int exit = runs.waitFor(driver, "killed");
        System.out.printf("cluster: run with a killed worker finished in %.1f s%n", secondsSince(t0));
        assertThat(exit).as("exit code of the run with a killed worker").isZero();
        assertThat(processes.logText("killed")).as("the driver saw the executor go").contains("Lost executor");
        JsonNode metrics = new ObjectMapper().readTree(runDir.resolve("metrics.json").toFile());
        assertThat(metrics.path("executors").findValuesAsText("removed_reason"))
                .as("executors removed").anyMatch(r -> r.contains("worker lost"));
        // the held tile's task, lost with the executor, ran again on the other one
        JsonNode stage = RunTables.processingStage(runDir, TILES);
        System.out.println("cluster: after the kill, the tile stages: " + stage);
        assertThat(stage.path("task_attempts_retried").asInt()).as("tile tasks rerun after the kill").isPositive();
        Map<String, Long> counts = RunTables.assertSame(spark, runDir, localRun());
        RunTables.assertKeysUnique(spark, runDir);
        assertThat(progress(runDir).path("tiles").path("done").asLong()).isEqualTo(TILES);
        // client deploy mode: the driver was the submitting JVM
        assertThat(progress(runDir).path("driver").path("pid").asLong()).as("driver pid").isEqualTo(driver.pid());
        System.out.println("cluster: client-mode run with a killed worker equals local[2], rows compared " + counts);
    }

    /** Waits until an executor's stderr says it holds the tile; returns the index of its Worker. */
    private static int awaitHeldTile(Path runDir, Process driver, long tileId) throws Exception {
        String line = FirstAttemptFault.STALL_LINE + tileId + " ";
        long end = System.nanoTime() + ClusterRuns.RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            assertThat(driver.isAlive()).as("driver still running before the kill").isTrue();
            for (int i = 0; i < 2; i++) {
                Path work = dir.resolve("standalone").resolve("worker" + (i + 1)).resolve("work");
                if (Files.isDirectory(work)) {
                    try (var files = Files.find(work, 3, (p, a) -> p.getFileName().toString().equals("stderr"))) {
                        for (Path f : files.toList()) {
                            if (Files.readString(f).contains(line)) {
                                return i;
                            }
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no executor held tile " + tileId + " in " + ClusterRuns.RUN_TIMEOUT);
    }

    /** Polls progress.json until a tile is done but not all; returns how many. */
    private static long awaitSomeTilesDone(Path runDir, Process driver) throws Exception {
        long end = System.nanoTime() + ClusterRuns.RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            assertThat(driver.isAlive()).as("driver still running before the kill").isTrue();
            Path file = runDir.resolve("progress.json");
            if (Files.exists(file)) {
                try {
                    long done = new ObjectMapper().readTree(file.toFile()).path("tiles").path("done").asLong();
                    if (done >= 1) {
                        assertThat(done).as("tiles done when the kill comes").isLessThan(TILES);
                        return done;
                    }
                } catch (IOException halfWritten) {
                    // read again on the next poll
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no tiles done in " + ClusterRuns.RUN_TIMEOUT);
    }

    private static JsonNode progress(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("progress.json").toFile());
    }

    private static double secondsSince(long t0) {
        return ClusterRuns.secondsSince(t0);
    }
}
