package org.skysift.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.TileRequest;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.HadoopConf;
import org.skysift.pipeline.TileProcessor;
import org.skysift.pipeline.TileResult;
import org.skysift.pipeline.TileWork;
import org.skysift.pipeline.resume.TileCheckpoints;
import org.skysift.sky.Hex30Tiling;

/**
 * A tile that failed (its image could not be stored, read or fetched) is not kept as done: a resumed run of
 * the same run id tries it again once the disk or the service is back, while an ok tile is read back.
 */
@Tag("plain")
class FailedTilesResumeTest {
    @Test
    void aFailedTileIsNotKeptSoAResumeTriesItAgain(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        SkySiftConfig config = ConfigLoader.fromYamlString("output: " + dir.toUri() + "\ntiling: {tile_arcmin: 12}\n"
                + "image: {source: files, path: '" + images.toUri() + "'}\n");
        Hex30Tiling tiling = new Hex30Tiling(12);
        long id = tiling.tileIdFor(150.0, 2.0);
        String runDir = dir.resolve("run").toUri().toString();
        TileCheckpoints store = new TileCheckpoints(runDir, new HadoopConf(new Configuration()));

        // the first attempt finds no image: the tile fails and is not kept
        TileResult failed = process(config, runDir, tiling, id);
        assertThat(failed.tile().status()).isEqualTo("failed");
        assertThat(failed.tile().errorMessage()).contains(String.valueOf(id));
        assertThat(store.keep(failed)).isFalse();
        assertThat(TileCheckpoints.done(runDir, new Configuration())).isEmpty();

        // the image is there for the second attempt: ok, kept, and what a resume reads back
        SkySiftConfig synthetic = ConfigLoader.fromYamlString("output: " + dir.toUri() + "\ntiling: {tile_arcmin: 12}\n");
        TileResult ok = process(synthetic, runDir, tiling, id);
        assertThat(ok.tile().status()).isEqualTo("ok");
        assertThat(store.keep(ok)).isTrue();
        assertThat(TileCheckpoints.done(runDir, new Configuration())).containsExactly(id);
        assertThat(store.read(id).sources()).hasSize(ok.sources().size()).isNotEmpty();
    }

    private static TileResult process(SkySiftConfig config, String runDir, Hex30Tiling tiling, long id) {
        return new TileProcessor(config, new HadoopConf(new Configuration()), null, runDir, null)
                .process(new TileWork(new TileRequest(tiling.tile(id), null), 1));
    }
}
