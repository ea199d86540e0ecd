package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.sky.Hex30Tiling;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;
import org.skysift.testing.DatasetAssertions;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.testing.TestConfigs;

/** A reference file handed to the tiles by the Spark HEALPix join gives the same tables as one loaded in memory. */
@ExtendWith(SparkSessionExtension.class)
class ReferenceJoinTest {
    @Test
    void distributedReferenceEqualsTheInMemoryOne(SparkSession spark, @TempDir Path dir) throws IOException {
        Hex30Tiling tiling = new Hex30Tiling(12);
        SyntheticSky sky = new SyntheticSky(TestSkies.withVanished(42, 100));
        Path images = Files.createDirectories(dir.resolve("images"));
        double[][] targets = {{0.05, 0.0}, {359.9, 0.1}, {120.0, 89.9}};
        StringBuilder csv = new StringBuilder("ra,dec\n");
        List<Row> refs = new ArrayList<>();
        for (double[] t : targets) {
            Tile tile = tiling.tileFor(t[0], t[1]);
            Files.write(images.resolve(tile.id() + ".fits"), SyntheticRenderer.render(tile, sky).fits());
            csv.append(t[0]).append(',').append(t[1]).append('\n');
            for (var s : sky.cone(tile.ra(), tile.dec(), 0.4)) {
                if (!s.vanished()) {
                    refs.add(RowFactory.create(s.id(), s.ra(), s.dec(), s.mag()));
                }
            }
        }
        Files.writeString(dir.resolve("targets.csv"), csv.toString());
        String refPath = dir.resolve("ref.parquet").toUri().toString();
        spark.createDataFrame(refs.stream().distinct().toList(), new StructType().add("id", "string").add("ra", "double")
                .add("dec", "double").add("mag", "double")).repartition(3).write().parquet(refPath);
        String common = String.join("\n", "output: " + dir.resolve("out").toUri(),
                "targets: {kind: csv, path: " + dir.resolve("targets.csv").toUri() + "}", "tiling: {tile_arcmin: 12}",
                "image: {source: files, path: " + images.toUri() + "}", TestConfigs.NO_REPORTS);
        var inMemory = SurveyJob.run(spark, ConfigLoader.fromYamlString(common
                + "\nrun_id: mem\nreference: {kind: files, path: " + refPath + ", distributed: never}"));
        var joined = SurveyJob.run(spark, ConfigLoader.fromYamlString(common
                + "\nrun_id: join\nreference: {kind: files, path: " + refPath + ", distributed: always}"));
        assertThat(joined.summary().tilesOk()).isEqualTo(3);
        long matches = SurveyJob.Tables.read(spark, joined.runDir(), "matches").count();
        assertThat(matches).isGreaterThan(100);
        for (String t : List.of("sources", "matches", "candidates", "rejected")) {
            DatasetAssertions.assertSameRows(SurveyJob.Tables.read(spark, joined.runDir(), t),
                    SurveyJob.Tables.read(spark, inMemory.runDir(), t));
        }
    }
}
