package org.skysift.pipeline.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.TileRequest;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.HadoopConf;
import org.skysift.pipeline.TileProcessor;
import org.skysift.pipeline.TileResult;
import org.skysift.pipeline.TileWork;
import org.skysift.sky.Hex30Tiling;

/** Checkpoints of real tile results: exact round trips, what counts as done, and the config fingerprint. */
@Tag("plain")
class TileCheckpointsTest {
    private static final Configuration CONF = new Configuration();

    private static SkySiftConfig config(Path dir, String more) {
        return ConfigLoader.fromYamlString("output: " + dir.toUri() + "\ntiling: {tile_arcmin: 12}\n"
                + "synthetic: {vanished_density: 60}\n" + more);
    }

    private static TileResult process(SkySiftConfig config, Path runDir, long tileId) {
        var tile = new Hex30Tiling(config.tiling().tileArcmin()).tile(tileId);
        return new TileProcessor(config, new HadoopConf(CONF), null, runDir.toUri().toString(), null)
                .process(new TileWork(new TileRequest(tile, null), 1));
    }

    @Test
    void aTileReadsBackExactlyAsItWasKept(@TempDir Path dir) {
        SkySiftConfig config = config(dir, "");
        Path runDir = dir.resolve("run");
        long okId = new Hex30Tiling(12).tileIdFor(150.0, 2.0);
        TileResult ok = process(config, runDir, okId);
        assertThat(ok.tile().status()).isEqualTo("ok");
        assertThat(ok.sources()).hasSizeGreaterThan(20);
        assertThat(ok.injections()).isNotEmpty();
        // a failed tile: mostly nulls
        TileResult failed = process(ConfigLoader.fromYamlString("output: " + dir.toUri()
                + "\ntiling: {tile_arcmin: 12}\nimage: {source: files, path: '" + dir.resolve("none").toUri() + "'}\n"),
                runDir, okId + 1);
        assertThat(failed.tile().status()).isEqualTo("failed");

        TileCheckpoints store = new TileCheckpoints(runDir.toUri().toString(), new HadoopConf(CONF));
        store.write(ok);
        store.write(failed);
        // every field, doubles to the bit, nulls and arrays by content
        assertThat(store.read(okId)).usingRecursiveComparison().isEqualTo(ok);
        assertThat(store.read(okId + 1)).usingRecursiveComparison().isEqualTo(failed);
        assertThat(store.read(okId).sources().get(3).fluxAper()).containsExactly(ok.sources().get(3).fluxAper());
        assertThat(TileCheckpoints.done(runDir.toUri().toString(), CONF)).containsExactlyInAnyOrder(okId, okId + 1);
        long bytes = runDir.resolve("_checkpoint/tiles/" + okId + ".ser").toFile().length();
        System.out.printf("checkpoint: tile with %d sources, %d matches in %d bytes%n", ok.sources().size(),
                ok.matches().size(), bytes);
        long rows = ok.sources().size() + ok.matches().size() + ok.candidates().size() + ok.rejected().size()
                + ok.injections().size();
        assertThat(bytes).as("bytes of a checkpoint").isLessThan(8_000 + 400 * rows);
    }

    @Test
    void onlyCompleteCheckpointFilesCount(@TempDir Path dir) throws Exception {
        Path tiles = Files.createDirectories(dir.resolve("run/_checkpoint/tiles"));
        Files.write(tiles.resolve("12000004.ser"), new byte[] {1});
        Files.write(tiles.resolve(".12000005.ser.3f2a.tmp"), new byte[] {1}); // a write cut short by a kill
        Files.write(tiles.resolve("notes.txt"), new byte[] {1});
        Files.createDirectories(tiles.resolve("13000001.ser"));
        assertThat(TileCheckpoints.done(dir.resolve("run").toUri().toString(), CONF)).containsExactly(12000004L);
        assertThat(TileCheckpoints.done(dir.resolve("nothing").toUri().toString(), CONF)).isEmpty();
    }

    @Test
    void aDamagedCheckpointNamesItsFileAndTheWayOut(@TempDir Path dir) throws Exception {
        Path tiles = Files.createDirectories(dir.resolve("night/_checkpoint/tiles"));
        Files.write(tiles.resolve("7.ser"), "not a checkpoint".getBytes());
        TileCheckpoints store = new TileCheckpoints(dir.resolve("night").toUri().toString(), new HadoopConf(CONF));
        assertThatThrownBy(() -> store.read(7)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("7.ser").hasMessageContaining("--redo").hasMessageContaining("run night");
    }

    @Test
    void onlyKeysThatChangeRowsCountAsAChangedConfig(@TempDir Path dir) {
        ConfigFingerprint base = ConfigFingerprint.of(config(dir, ""));
        assertThat(ConfigFingerprint.of(config(dir, "")).sha256()).isEqualTo(base.sha256());
        SkySiftConfig elsewhere = ConfigLoader.fromYamlString("output: file:/elsewhere\nrun_id: other\nfail_fast: true\nlock_stale_minutes: 5\n"
                + "tiling: {tile_arcmin: 12, tiles_per_partition: 7}\nsynthetic: {vanished_density: 60}\n"
                + "report: {plots: false, html: false, hats: false, zip: true}\n");
        assertThat(ConfigFingerprint.of(elsewhere).changedFrom(base)).isEmpty();
        SkySiftConfig changed = config(dir, "extract: {detect_thresh: 2.0}\nreport: {cutout_size_px: 32}\n");
        assertThat(ConfigFingerprint.of(changed).changedFrom(base))
                .containsExactly("extract.detect_thresh", "report.cutout_size_px");
        assertThat(ConfigFingerprint.of(changed).sha256()).isNotEqualTo(base.sha256());
    }

    @Test
    void resumingWithAnotherConfigIsRefusedNamingTheKeys(@TempDir Path dir) throws Exception {
        String runDir = dir.resolve("night").toUri().toString();
        ConfigFingerprint.of(config(dir, "")).checkAndKeep(runDir, "night", 0, CONF);
        Path kept = dir.resolve("night/_checkpoint/config.json");
        assertThat(Files.readString(kept)).contains("\"extract.detect_thresh\"").doesNotContain("run_id");
        // the same config resumes; a changed one is refused and the kept fingerprint stays
        ConfigFingerprint.of(config(dir, "")).checkAndKeep(runDir, "night", 3, CONF);
        String before = Files.readString(kept);
        assertThatThrownBy(() -> ConfigFingerprint.of(config(dir, "match: {radius_arcsec: 4.0}"))
                .checkAndKeep(runDir, "night", 3, CONF))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot resume run night").hasMessageContaining("3 finished tiles")
                .hasMessageContaining("match.radius_arcsec").hasMessageContaining("--redo");
        assertThat(Files.readString(kept)).isEqualTo(before);
        // with no tile kept there is nothing to protect: the new config's fingerprint replaces it
        ConfigFingerprint.of(config(dir, "match: {radius_arcsec: 4.0}")).checkAndKeep(runDir, "night", 0, CONF);
        assertThat(Files.readString(kept)).isNotEqualTo(before);
        Files.delete(kept);
        assertThatThrownBy(() -> ConfigFingerprint.of(config(dir, "")).checkAndKeep(runDir, "night", 2, CONF))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing");
    }
}
