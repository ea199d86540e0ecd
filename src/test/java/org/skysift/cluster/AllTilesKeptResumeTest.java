package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.TileRequest;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;
import org.skysift.pipeline.HadoopConf;
import org.skysift.pipeline.SurveyJob;
import org.skysift.pipeline.TileProcessor;
import org.skysift.pipeline.TileWork;
import org.skysift.pipeline.resume.ConfigFingerprint;
import org.skysift.pipeline.resume.TileCheckpoints;
import org.skysift.sky.Hex30Tiling;
import org.skysift.testing.SparkSessionExtension;

/**
 * A driver lost after every tile was kept (while writing the tables): the rerun processes nothing, reads
 * every tile back, and writes the clean run's tables.
 */
@ExtendWith(SparkSessionExtension.class)
class AllTilesKeptResumeTest {
    @Test
    void everyTileKeptMeansNothingIsProcessedAgain(SparkSession spark, @TempDir Path dir) {
        String yaml = "output: " + dir.toUri() + "\ntargets: {kind: fibonacci, count: 4, seed: 2}\n"
                + "tiling: {tile_arcmin: 12}\nsynthetic: {vanished_density: 60}\n"
                + "report: {plots: false, html: false, hats: false, dashboard: false}\n";
        var clean = SurveyJob.run(spark, ConfigLoader.fromYamlString(yaml + "run_id: clean\n"));
        SkySiftConfig config = ConfigLoader.fromYamlString(yaml + "run_id: broken\n").withLocations(HadoopFiles::qualify);
        String runDir = SurveyJob.runDir(config, "broken");

        // what the killed attempt left: the fingerprint and one checkpoint per tile, made by the tile processor
        var hconf = spark.sparkContext().hadoopConfiguration();
        ConfigFingerprint.of(config).checkAndKeep(runDir, "broken", 0, hconf);
        TileCheckpoints store = new TileCheckpoints(runDir, new HadoopConf(hconf));
        TileProcessor processor = new TileProcessor(config, new HadoopConf(hconf), null, runDir, store);
        List<Row> tiles = spark.read().parquet(clean.runDir() + "/tiles").select("tile_id", "n_targets").collectAsList();
        Hex30Tiling tiling = new Hex30Tiling(12);
        for (Row t : tiles) {
            store.write(processor.process(new TileWork(new TileRequest(tiling.tile(t.getLong(0)), null), t.getLong(1))));
        }
        assertThat(TileCheckpoints.done(runDir, hconf)).hasSize(tiles.size());

        var resumed = SurveyJob.run(spark, config);
        assertThat(resumed.work().tilesResumed()).isEqualTo(tiles.size());
        assertThat(resumed.work().tilesProcessed()).isZero();
        assertThat(resumed.summary().tilesOk()).isEqualTo(tiles.size());
        RunTables.assertSame(spark, Path.of(java.net.URI.create(resumed.runDir())), Path.of(java.net.URI.create(clean.runDir())));
        assertThat(TileCheckpoints.done(runDir, hconf)).isEmpty();
        assertThat(Path.of(java.net.URI.create(runDir)).resolve(TileCheckpoints.FOLDER)).doesNotExist();
    }
}
