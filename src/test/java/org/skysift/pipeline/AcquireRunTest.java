package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.FaultyFitsServer;
import org.skysift.acquire.FaultyFitsServer.Fault;
import org.skysift.acquire.FitsIntegrity;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigLoader;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.testing.TestConfigs;

/** The acquire stage against a DSS stand-in on 127.0.0.1 that faults a third of its answers. */
@ExtendWith(SparkSessionExtension.class)
class AcquireRunTest {
    private static String config(Path dir, String runId, String endpoint, int tiles, int retries) {
        return String.join("\n", "run_id: " + runId, "output: " + dir.resolve("out").toUri(),
                "targets: {kind: fibonacci, count: " + tiles + ", seed: 4}", "tiling: {tile_arcmin: 10, tiles_per_partition: 1}",
                "image: {source: dss, endpoint: '" + endpoint + "', cache: '" + dir.resolve("cache").toUri()
                        + "', retries: " + retries + ", backoff: 0.02, timeout_s: 2, max_concurrent: 2}", TestConfigs.NO_REPORTS);
    }

    /** Every cached image is a complete FITS file whose sidecar checksum holds; nothing temporary is left. */
    private static int checkCache(Path cache) throws IOException {
        if (!Files.exists(cache)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(cache)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        int images = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertThat(name).as("leftover in cache").doesNotContain("tmp");
            if (name.endsWith(".fits")) {
                byte[] b = Files.readAllBytes(f);
                assertThat(FitsIntegrity.problem(b)).as(f.toString()).isNull();
                String sidecar = Files.readString(f.resolveSibling(name + ".sha256")).trim();
                assertThat(sidecar).startsWith(Sha256.hex(b));
                images++;
            }
        }
        return images;
    }

    @Test
    void twentyTilesThroughAThirdOfFaultsWithCappedConcurrencyAndACacheThatHolds(SparkSession spark, @TempDir Path dir)
            throws IOException {
        try (FaultyFitsServer server = FaultyFitsServer.start()) {
            server.policy(FaultyFitsServer.randomFaults(1.0 / 3, 2026, Fault.status(500), Fault.status(429),
                    Fault.retryAfter(503, "1"), Fault.truncated(), Fault.html200(), Fault.dropMidBody(), Fault.gzip()));
            var first = SurveyJob.run(spark, ConfigLoader.fromYamlString(config(dir, "first", server.dssEndpoint(), 20, 8)));
            assertThat(first.summary().tilesOk()).isEqualTo(20);
            assertThat(first.summary().tilesFailed()).isZero();
            assertThat(server.maxInFlight()).isBetween(1, 2);
            int requests = server.totalRequests();
            // each tile got exactly one good answer (plain or gzip), and every other request was a fault met and retried
            var served = server.served();
            int good = served.getOrDefault(FaultyFitsServer.Kind.OK, 0) + served.getOrDefault(FaultyFitsServer.Kind.GZIP, 0);
            assertThat(good).isEqualTo(20);
            assertThat(served.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(requests);
            assertThat(requests - good).as("faults met").isGreaterThanOrEqualTo(3);
            List<Row> tiles = SurveyJob.Tables.read(spark, first.runDir(), "tiles").select("attempts", "image_sha256").collectAsList();
            assertThat(tiles.stream().mapToInt(r -> r.getInt(0)).sum()).isEqualTo(requests);
            assertThat(checkCache(dir.resolve("cache"))).isEqualTo(20);

            var second = SurveyJob.run(spark, ConfigLoader.fromYamlString(config(dir, "second", server.dssEndpoint(), 20, 8)));
            assertThat(server.totalRequests()).isEqualTo(requests);
            assertThat(second.summary().tilesOk()).isEqualTo(20);
            assertThat(SurveyJob.Tables.read(spark, second.runDir(), "tiles").filter(col("attempts").notEqual(0)).count()).isZero();
            assertThat(SurveyJob.Tables.read(spark, second.runDir(), "sources").count())
                    .isEqualTo(SurveyJob.Tables.read(spark, first.runDir(), "sources").count());
        }
    }

    @Test
    void aTileWhoseEveryAttemptFailsIsAFailedRowAndNothingIsCached(SparkSession spark, @TempDir Path dir) throws IOException {
        try (FaultyFitsServer server = FaultyFitsServer.start()) {
            server.policy(FaultyFitsServer.always(Fault.html200()));
            var r = SurveyJob.run(spark, ConfigLoader.fromYamlString(config(dir, "doomed", server.dssEndpoint(), 2, 2)));
            assertThat(r.summary().tilesFailed()).isEqualTo(2);
            List<Row> rows = SurveyJob.Tables.read(spark, r.runDir(), "tiles")
                    .select("status", "error_stage", "error_message", "attempts").collectAsList();
            for (Row row : rows) {
                assertThat(row.getString(0)).isEqualTo("failed");
                assertThat(row.getString(1)).isEqualTo("acquire");
                assertThat(row.getString(2)).containsIgnoringCase("fits");
                assertThat(row.getInt(3)).isEqualTo(3);
            }
            assertThat(server.totalRequests()).isEqualTo(6);
            assertThat(checkCache(dir.resolve("cache"))).isZero();
        }
    }
}
