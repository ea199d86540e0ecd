package org.skysift.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.FaultyFitsServer;
import org.skysift.cli.CliRun;
import org.skysift.config.ConfigLoader;
import org.skysift.pipeline.Stages;
import org.skysift.pipeline.SurveyJob;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.testing.TestConfigs;

/**
 * The image cache fills up during a run: `skysift run` of 2 tiles of 30' whose images come over HTTP from a
 * stand-in on 127.0.0.1 into a cache on a small tmpfs that the write probe passes but that has room for one
 * image only. The run goes on: one tile ok, the other failed naming the cache file and "No space left on
 * device"; the cache holds one verified image and no partial or temporary file. Then space is freed and the
 * run is done again (--redo): both tiles ok, only the missing image fetched, the first tile's rows unchanged.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheFullRunTest {
    static final String SKY = "synthetic: {star_density: 2000, vanished_density: 15}";

    @TempDir
    static Path tmp;
    SmallDisk disk;
    FaultyFitsServer server;
    Path config, out;
    CliRun.Outcome full, again;
    List<Row> tilesFull, tilesAgain;
    List<String> cacheAfterFull;
    Map<String, byte[]> imagesAfterFull;
    int requestsFull;

    @BeforeAll
    void runTwice(SparkSession spark) throws Exception {
        disk = SmallDisk.mount(tmp.resolve("cache"), 8L << 20);
        var sky = Stages.sky(ConfigLoader.fromYamlString(SKY));
        server = FaultyFitsServer.start(sky);
        long image = SyntheticRenderer.render(new Tile(1, 150, 2, 30, 30), sky).fits().length;
        // room for one image and its sidecar, not for two
        disk.fillLeaving(image * 3 / 2);
        out = tmp.resolve("out");
        Path targets = Files.writeString(tmp.resolve("targets.csv"), "id,ra,dec\n1,150.0,2.0\n2,150.0,3.0\n");
        config = Files.writeString(tmp.resolve("run.yaml"), String.join("\n",
                "run_id: full",
                "output: 'file:" + out + "'",
                "targets: {kind: csv, path: '" + targets + "'}",
                "tiling: {tile_arcmin: 30}",
                // one request at a time: the images arrive one after the other, so exactly one fits
                "image: {source: dss, endpoint: '" + server.dssEndpoint() + "', cache: 'file:" + disk.dir
                        + "', retries: 1, backoff: 0.02, timeout_s: 10, max_concurrent: 1}",
                SKY,
                TestConfigs.NO_REPORTS,
                ""));
        full = CliRun.run("run", "--config", config.toString(), "--master", "local[2]");
        System.out.print(full.out());
        String dir = "file:" + out.resolve("full");
        tilesFull = SurveyJob.Tables.read(spark, dir, "tiles").orderBy("tile_id").collectAsList();
        cacheAfterFull = disk.files();
        imagesAfterFull = images();
        requestsFull = server.totalRequests();

        disk.release();
        again = CliRun.run("run", "--config", config.toString(), "--master", "local[2]", "--redo");
        System.out.print(again.out());
        tilesAgain = SurveyJob.Tables.read(spark, dir, "tiles").orderBy("tile_id").collectAsList();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    /** The cached images by file name. */
    Map<String, byte[]> images() throws Exception {
        try (Stream<Path> s = Files.walk(disk.dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".fits"))
                    .collect(Collectors.toMap(p -> p.getFileName().toString(), p -> {
                        try {
                            return Files.readAllBytes(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
        }
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void theTileWhoseImageDidNotFitFailsWithTheReasonAndTheRunGoesOn() {
        assertThat(full.code()).as(full.err()).isZero();
        assertThat(full.out()).contains("1 tiles ok, 1 failed");
        assertThat(tilesFull).extracting(r -> r.<String>getAs("status")).containsExactlyInAnyOrder("ok", "failed");
        Row failed = tilesFull.stream().filter(r -> r.getAs("status").equals("failed")).findFirst().orElseThrow();
        Row ok = tilesFull.stream().filter(r -> r.getAs("status").equals("ok")).findFirst().orElseThrow();
        assertThat(failed.<String>getAs("error_stage")).isEqualTo("acquire");
        String key = ImageKeys.of(failed);
        assertThat(failed.<String>getAs("error_message"))
                .contains("image cache file:" + disk.dir.resolve("dss/dss1-red/" + key + ".fits") + ": No space left on device");
        assertThat(ok.<Integer>getAs("n_sources")).isPositive();
        // both images were downloaded once; the one that did not fit was not asked again
        assertThat(requestsFull).isEqualTo(2);
    }

    @Test
    void theFullCacheHoldsOneVerifiedImageAndNothingPartial() throws Exception {
        Row ok = tilesFull.stream().filter(r -> r.getAs("status").equals("ok")).findFirst().orElseThrow();
        String key = ImageKeys.of(ok);
        assertThat(cacheAfterFull).containsExactly("dss/dss1-red/" + key + ".fits", "dss/dss1-red/" + key + ".fits.sha256");
        byte[] bytes = imagesAfterFull.get(key + ".fits");
        assertThat(sha256(bytes)).isEqualTo(ok.<String>getAs("image_sha256"));
        assertThat(Files.readString(disk.dir.resolve("dss/dss1-red/" + key + ".fits.sha256")))
                .isEqualTo(sha256(bytes) + "  " + key + ".fits\n");
    }

    @Test
    void aRerunAfterSpaceIsFreedCompletesFetchingOnlyWhatWasMissing() throws Exception {
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(tilesAgain).extracting(r -> r.<String>getAs("status")).containsExactly("ok", "ok");
        assertThat(server.totalRequests() - requestsFull).isEqualTo(1);
        Map<String, byte[]> cached = images();
        assertThat(cached).hasSize(2);
        for (Row t : tilesAgain) {
            String key = ImageKeys.of(t);
            assertThat(sha256(cached.get(key + ".fits"))).isEqualTo(t.<String>getAs("image_sha256"));
            assertThat(Files.readString(disk.dir.resolve("dss/dss1-red/" + key + ".fits.sha256")))
                    .startsWith(t.<String>getAs("image_sha256") + "  ");
        }
        // the tile that was ok before has the same image and rows: nothing was lost or changed
        Row before = tilesFull.stream().filter(r -> r.getAs("status").equals("ok")).findFirst().orElseThrow();
        Row after = tilesAgain.stream().filter(r -> r.<Long>getAs("tile_id").equals(before.getAs("tile_id"))).findFirst()
                .orElseThrow();
        assertThat(after.<String>getAs("image_sha256")).isEqualTo(before.getAs("image_sha256"));
        assertThat(after.<Integer>getAs("n_sources")).isEqualTo(before.<Integer>getAs("n_sources"));
        assertThat(disk.files()).hasSize(4);
    }

    /** The cache key of a tiles-table row (the same formula as acquire.ImageCache.key). */
    static final class ImageKeys {
        static String of(Row t) {
            return org.skysift.acquire.ImageCache.key(new Tile(t.<Long>getAs("tile_id"), t.<Double>getAs("ra_center"),
                    t.<Double>getAs("dec_center"), t.<Double>getAs("width_arcmin"), t.<Double>getAs("height_arcmin")));
        }
    }
}
