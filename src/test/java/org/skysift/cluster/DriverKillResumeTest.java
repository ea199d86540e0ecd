package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.skysift.acquire.FaultyFitsServer;
import org.skysift.cli.CliRun;
import org.skysift.cli.SkySift;
import org.skysift.config.ConfigLoader;
import org.skysift.pipeline.Stages;
import org.skysift.pipeline.SurveyJob;
import org.skysift.pipeline.resume.RunLock;
import org.skysift.testing.SparkSessionExtension;

/**
 * "Nothing lost, nothing doubled" for the driver: `skysift run` in a JVM of its own, images from a DSS
 * stand-in on 127.0.0.1 that counts requests, the driver SIGKILLed once some tiles are checkpointed, then
 * the same command again. Finished tiles are read back (not fetched, not processed), the rest processed,
 * and the tables equal a clean run's row for row. Then the finished run is left alone, and --redo redoes it.
 * Default suite (surefire): the JVMs are started from the test classpath, no packaged jar needed.
 */
@ExtendWith(SparkSessionExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriverKillResumeTest {
    static final int TILES = 8;
    /** The stand-in renders the sky the run's synthetic reference lists (so the stars match). */
    static final String SKY = "synthetic: {star_density: 2000, vanished_density: 15}";
    static final String RUN = "night1";
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    static Path dir;
    static Path out;
    static Path cache;
    static Path config;
    static FaultyFitsServer server;
    static ClusterProcesses processes;
    static Path clean;
    static Set<Long> keptAtKill;

    @BeforeAll
    static void setUp(SparkSession spark) throws Exception {
        dir = Files.createTempDirectory("skysift-resume");
        out = dir.resolve("out");
        cache = dir.resolve("cache");
        server = FaultyFitsServer.start(Stages.sky(ConfigLoader.fromYamlString(SKY)));
        processes = new ClusterProcesses(Files.createDirectories(dir.resolve("logs")));
        config = dir.resolve("resume.yaml");
        Files.writeString(config, yaml(out, cache));
        // the reference: the same config, run once in this JVM with its own image cache
        long t0 = System.nanoTime();
        var r = SurveyJob.run(spark, ConfigLoader.fromYamlString(yaml(dir.resolve("clean-out"), dir.resolve("clean-cache"))
                .replace("run_id: auto", "run_id: clean")));
        clean = Path.of(java.net.URI.create(r.runDir()));
        assertThat(r.summary().tilesOk()).isEqualTo(TILES);
        assertThat(server.totalRequests()).isEqualTo(TILES);
        System.out.printf("resume: clean run of %d tiles in %.1f s%n", TILES, secondsSince(t0));
        server.resetCounts();
    }

    @AfterAll
    static void tearDown() {
        if (processes != null) {
            processes.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static String yaml(Path output, Path imageCache) {
        return String.join("\n",
                "run_id: auto",
                "output: " + output.toUri(),
                "targets: {kind: fibonacci, count: " + TILES + ", seed: 4}",
                "tiling: {tile_arcmin: 30, tiles_per_partition: 1}",
                "image: {source: dss, endpoint: '" + server.dssEndpoint() + "', cache: '" + imageCache.toUri()
                        + "', retries: 2, backoff: 0.02, timeout_s: 10, max_concurrent: 2}",
                SKY,
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}",
                "report: {plots: false, html: false, hats: false, dashboard: false}",
                "");
    }

    /** `java -cp <test classpath> org.skysift.cli.SkySift run --config ... --run-id ... --master local[2]`. */
    static List<String> command() {
        return CliJvm.skysift(List.of(), List.of("run", "--config", config.toString(), "--run-id", RUN, "--master", "local[2]"));
    }

    static Path runDir() {
        return out.resolve(RUN);
    }

    static Set<Long> checkpoints() throws IOException {
        Path tiles = runDir().resolve("_checkpoint").resolve("tiles");
        if (!Files.isDirectory(tiles)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(tiles)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\.ser"))
                    .map(n -> Long.parseLong(n.substring(0, n.length() - 4))).collect(Collectors.toSet());
        }
    }

    @Test
    @Order(1)
    void driverKilledMidRunLeavesTheFinishedTilesCheckpointed() throws Exception {
        long t0 = System.nanoTime();
        Process driver = processes.start("killed", command(), dir, Map.of());
        long end = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (checkpoints().size() < 3) {
            assertThat(driver.isAlive()).as("driver alive before the kill; log: " + processes.log("killed")).isTrue();
            assertThat(System.nanoTime()).as("3 checkpoints within " + RUN_TIMEOUT).isLessThan(end);
            Thread.sleep(50);
        }
        double killedAt = secondsSince(t0);
        ClusterProcesses.kill(driver); // SIGKILL by PID: no shutdown hook, no finally block runs
        assertThat(driver.isAlive()).isFalse();
        keptAtKill = checkpoints();
        System.out.printf("resume: driver (pid %d) SIGKILLed at %.1f s with %d of %d tiles checkpointed; "
                + "%d image requests so far%n", driver.pid(), killedAt, keptAtKill.size(), TILES, server.totalRequests());
        assertThat(keptAtKill.size()).as("tiles checkpointed at the kill").isBetween(3, TILES - 1);
        assertThat(runDir().resolve("manifest.json")).doesNotExist();
        assertThat(runDir().resolve("_checkpoint").resolve("config.json")).exists();
        // no finally block ran: the dead driver's lock is left, naming it; the rerun must take it over
        assertThat(new ObjectMapper().readTree(runDir().resolve(RunLock.FILE).toFile()).path("pid").asLong())
                .isEqualTo(driver.pid());
        // the image cache goes with the dead driver's disk: a resumed tile's image would have to be fetched again
        deleteTree(cache);
        server.resetCounts();
    }

    @Test
    @Order(2)
    void aChangedConfigIsRefusedWithAClearErrorAndTouchesNothing() throws Exception {
        Assumptions.kept();
        CliRun.Outcome e = inProcess("run", "--config", config.toString(), "--run-id", RUN, "--set", "extract.detect_thresh=2.0");
        assertThat(e.code()).as(e.err()).isEqualTo(SkySift.BAD_INPUT);
        assertThat(e.err()).contains("cannot resume run " + RUN).contains("extract.detect_thresh").contains("--redo")
                .contains(keptAtKill.size() + " finished tiles");
        assertThat(checkpoints()).isEqualTo(keptAtKill);
        assertThat(server.totalRequests()).isZero();
        // the killed driver's lock was taken over (same host, process gone), then released by the refused run
        assertThat(e.out()).contains("took over the lock of run " + RUN + " by the driver ");
        assertThat(runDir().resolve(RunLock.FILE)).doesNotExist();
    }

    @Test
    @Order(3)
    void theSameCommandAgainResumesAndTheTablesEqualACleanRun(SparkSession spark) throws Exception {
        Assumptions.kept();
        long t0 = System.nanoTime();
        Process again = processes.start("resumed", command(), dir, Map.of());
        assertThat(again.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("resumed run ends").isTrue();
        double took = secondsSince(t0);
        String log = processes.logText("resumed");
        assertThat(again.exitValue()).as(log).isZero();
        int resumed = keptAtKill.size();
        assertThat(log).contains("Resuming run " + RUN + ": " + resumed + " of " + TILES + " tiles already done, processing "
                + (TILES - resumed));

        JsonNode work = new ObjectMapper().readTree(runDir().resolve("summary.json").toFile()).path("work");
        assertThat(work.path("tiles_resumed").asLong()).isEqualTo(resumed);
        assertThat(work.path("tiles_processed").asLong()).isEqualTo(TILES - resumed);
        assertThat(work.path("images_fetched").asLong()).isEqualTo(TILES - resumed);
        JsonNode metrics = new ObjectMapper().readTree(runDir().resolve("metrics.json").toFile()).path("work");
        assertThat(metrics).isEqualTo(work);
        assertThat(Files.readString(runDir().resolve("summary.md"))).contains("Resumed: " + resumed + " tiles read back");

        // one request per processed tile, none for a resumed one (each request names its tile's image)
        List<String> requests = server.requestLog();
        assertThat(requests).hasSize(TILES - resumed);
        List<Row> resumedUris = spark.read().parquet(clean.resolve("tiles").toUri().toString())
                .select("tile_id", "image_uri").collectAsList().stream()
                .filter(r -> keptAtKill.contains(r.getLong(0))).toList();
        assertThat(resumedUris).hasSize(resumed);
        for (Row r : resumedUris) {
            assertThat(requests).as("requests for resumed tile " + r.getLong(0)).noneMatch(q -> r.getString(1).endsWith(q));
        }

        Map<String, Long> rows = RunTables.assertSame(spark, runDir(), clean);
        RunTables.assertKeysUnique(spark, runDir());
        assertThat(runDir().resolve("_checkpoint")).doesNotExist();
        assertThat(runDir().resolve("manifest.json")).exists();
        assertThat(runDir().resolve(RunLock.FILE)).doesNotExist();
        assertCutoutsPresent(spark);
        System.out.printf("resume: rerun read back %d tiles, processed %d, fetched %d images (%d requests) in %.1f s;"
                + " tables equal the clean run's: %s%n", resumed, TILES - resumed, work.path("images_fetched").asLong(),
                requests.size(), took, rows);
    }

    @Test
    @Order(4)
    void aFinishedRunIsLeftAloneAndRedoRunsItAgain(SparkSession spark) throws Exception {
        Path manifest = runDir().resolve("manifest.json");
        Assumptions.exists(manifest);
        FileTime before = Files.getLastModifiedTime(manifest);
        server.resetCounts();
        CliRun.Outcome again = inProcess("run", "--config", config.toString(), "--run-id", RUN);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("run " + RUN + " already finished at ").contains(TILES + " tiles ok, 0 failed")
                .contains(runDir().toUri().toString().replaceAll("/$", "")).contains("--redo");
        assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(before);
        assertThat(server.totalRequests()).isZero();

        deleteTree(cache); // --redo starts from nothing: every image is fetched again
        long t0 = System.nanoTime();
        CliRun.Outcome redo = inProcess("run", "--config", config.toString(), "--run-id", RUN, "--redo");
        assertThat(redo.code()).as(redo.err()).isZero();
        assertThat(redo.out()).contains("--redo: removing").doesNotContain("Resuming");
        assertThat(Files.getLastModifiedTime(manifest)).isGreaterThan(before);
        JsonNode work = new ObjectMapper().readTree(runDir().resolve("summary.json").toFile()).path("work");
        assertThat(work.path("tiles_resumed").asLong()).isZero();
        assertThat(work.path("tiles_processed").asLong()).isEqualTo(TILES);
        assertThat(server.totalRequests()).isEqualTo(TILES);
        RunTables.assertSame(spark, runDir(), clean);
        System.out.printf("resume: finished run left alone; --redo reran all %d tiles in %.1f s%n", TILES, secondsSince(t0));
    }

    /** Every candidate's stamp is there, those of resumed tiles too (the rerun kept cutouts/). */
    private static void assertCutoutsPresent(SparkSession spark) {
        List<Row> cands = spark.read().parquet(runDir().resolve("candidates").toUri().toString())
                .where("cutout is not null").select("tile_id", "cutout").collectAsList();
        assertThat(cands).isNotEmpty();
        assertThat(cands.stream().filter(r -> keptAtKill.contains(r.getLong(0)))).as("stamps of resumed tiles").isNotEmpty();
        for (Row r : cands) {
            assertThat(runDir().resolve(r.getString(1))).exists();
        }
    }

    /** The CLI in this JVM (the test's Spark session is reused and left running), its output captured. */
    static CliRun.Outcome inProcess(String... args) {
        CliRun.Outcome o = CliRun.run(args);
        System.out.print(o.out());
        return o;
    }

    /** Later steps need the earlier ones' state; they are skipped, not failed twice, when those failed. */
    static final class Assumptions {
        static void kept() {
            org.junit.jupiter.api.Assumptions.assumeTrue(keptAtKill != null && !keptAtKill.isEmpty(), "no killed run");
        }

        static void exists(Path p) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(p), p + " missing");
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var s = Files.walk(root)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
