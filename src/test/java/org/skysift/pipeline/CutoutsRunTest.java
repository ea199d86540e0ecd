package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.testing.SparkSessionExtension;

/** A small synthetic run: every candidate has a stamp at the path its row gives, and nothing else is left in cutouts/. */
@ExtendWith(SparkSessionExtension.class)
class CutoutsRunTest {
    @Test
    void everyCandidateHasAStampThatDecodes(SparkSession spark, @TempDir Path dir) throws IOException {
        var config = ConfigLoader.fromYamlString(String.join("\n",
                "run_id: stamps", "output: " + dir.toUri(),
                "targets: {kind: fibonacci, count: 3, seed: 5}",
                "tiling: {tile_arcmin: 30}",
                "synthetic: {vanished_density: 40}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}",
                "report: {cutout_size_px: 48}"));
        SurveyJob.Result r = SurveyJob.run(spark, config);
        List<Row> rows = SurveyJob.Tables.read(spark, r.runDir(), "candidates")
                .select("tile_id", "source_id", "cutout").collectAsList();
        assertThat(rows).hasSizeGreaterThan(5);
        Path run = dir.resolve("stamps");
        for (Row c : rows) {
            String expected = "cutouts/" + c.getLong(0) + "/" + c.getInt(1) + ".png";
            assertThat(c.getString(2)).isEqualTo(expected);
            BufferedImage png = ImageIO.read(run.resolve(expected).toFile());
            // 48 px magnified 5 times (the nearest to 256 px), and the caption strip
            assertThat(png.getWidth()).isEqualTo(240);
            assertThat(png.getHeight()).isEqualTo(240 + 32);
        }
        try (Stream<Path> files = Files.walk(run.resolve("cutouts"))) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(rows.size());
        }
        long ok = SurveyJob.Tables.read(spark, r.runDir(), "tiles").filter("status = 'ok'").count();
        assertThat(ok).isEqualTo(SurveyJob.Tables.read(spark, r.runDir(), "tiles").count());
    }
}
