package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.testing.DatasetAssertions;
import org.skysift.testing.SparkSessionExtension;

@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SurveyJobTest {
    @TempDir
    static Path out;
    SurveyJob.Result first;
    SurveyJob.Result second;

    private SkySiftConfig config(String runId) {
        return ConfigLoader.fromYamlString(String.join("\n",
                "run_id: " + runId,
                "output: " + out.toUri(),
                "targets: {kind: fibonacci, count: 5, seed: 3}",
                "tiling: {tile_arcmin: 30}",
                // a 1" field distortion the header does not model: the astrometric refit must take it out
                "synthetic: {vanished_density: 40, distortion_arcsec: 1.0}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}"));
    }

    @BeforeAll
    void runTwice(SparkSession spark) {
        first = SurveyJob.run(spark, config("first"));
        second = SurveyJob.run(spark, config("second"));
    }

    private Dataset<Row> table(SparkSession spark, SurveyJob.Result r, String name) {
        return SurveyJob.Tables.read(spark, r.runDir(), name);
    }

    @Test
    void writesAllTablesSummariesAndManifest(SparkSession spark) throws IOException {
        Path dir = out.resolve("first");
        for (String t : SurveyJob.Tables.NAMES) {
            assertThat(dir.resolve(t)).isDirectory();
        }
        for (String f : List.of("summary.json", "summary.md", "manifest.json")) {
            assertThat(dir.resolve(f)).isRegularFile();
        }
        JsonNode summary = ConfigLoader.json().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.path("tiles").path("ok").asLong()).isEqualTo(table(spark, first, "tiles").count());
        assertThat(summary.path("tiles").path("failed").asLong()).isZero();
        assertThat(summary.path("counts").path("sources").asLong()).isEqualTo(table(spark, first, "sources").count());
        assertThat(summary.path("counts").path("targets").asLong()).isEqualTo(5);
        assertThat(summary.path("injection").path("injected").asLong()).isGreaterThan(5);
        assertThat(summary.path("validators").path("within5").path("ok").asBoolean()).isTrue();
        assertThat(summary.path("validators").path("within5").path("max_sep_arcsec").asDouble()).isBetween(0.0, 5.05);
        assertThat(summary.path("funnel").path("unmatched").asLong())
                .isGreaterThanOrEqualTo(summary.path("funnel").path("edge").asLong());

        JsonNode manifest = ConfigLoader.json().readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.path("config").path("targets").path("count").asLong()).isEqualTo(5);
        assertThat(manifest.path("files").size()).isGreaterThan(6);
        boolean sawSummary = false;
        for (JsonNode f : manifest.path("files")) {
            Path p = dir.resolve(f.path("path").asText());
            assertThat(p).isRegularFile();
            assertThat(Sha256.hex(Files.readAllBytes(p))).isEqualTo(f.path("sha256").asText());
            sawSummary |= f.path("path").asText().equals("summary.json");
        }
        assertThat(sawSummary).isTrue();
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("Injection recovery").contains("| tiles |");
    }

    @Test
    void tablesAreConsistentWithEachOther(SparkSession spark) {
        Dataset<Row> tiles = table(spark, first, "tiles");
        Dataset<Row> sources = table(spark, first, "sources");
        Dataset<Row> matches = table(spark, first, "matches");
        Dataset<Row> candidates = table(spark, first, "candidates");
        Dataset<Row> targets = table(spark, first, "targets");
        assertThat(tiles.filter(col("status").notEqual("ok")).count()).isZero();
        assertThat(sources.count()).isGreaterThan(1000);
        assertThat(candidates.count()).isPositive();
        assertThat(sources.select("tile_id").distinct().except(tiles.select("tile_id")).count()).isZero();
        assertThat(targets.select("tile_id").distinct().except(tiles.select("tile_id")).count()).isZero();
        assertThat(matches.select("tile_id", "source_id").except(sources.select("tile_id", "source_id")).count()).isZero();
        assertThat(candidates.select("tile_id", "source_id").except(sources.select("tile_id", "source_id")).count()).isZero();
        // a candidate never has a counterpart within the match radius
        assertThat(candidates.select("tile_id", "source_id").intersect(matches.select("tile_id", "source_id")).count()).isZero();
        assertThat(matches.filter(col("sep_arcsec").gt(5.0)).count()).isZero();
        // per-tile counts agree with the rows
        long sumSources = tiles.agg(org.apache.spark.sql.functions.sum("n_sources")).first().getLong(0);
        assertThat(sumSources).isEqualTo(sources.count());
        long sumTargets = tiles.agg(org.apache.spark.sql.functions.sum("n_targets")).first().getLong(0);
        assertThat(sumTargets).isEqualTo(5);
    }

    @Test
    void classStarCallsTheSyntheticStarsStars(SparkSession spark) {
        Dataset<Row> sources = table(spark, first, "sources");
        if (!Files.isRegularFile(Path.of(org.skysift.extract.StarClassifier.DEBIAN_NNW))) {
            // the default run without Debian's source-extractor: no weights, so no class_star at all
            assertThat(sources.filter(col("class_star").isNotNull()).count()).isZero();
            org.skysift.testing.StarNnw.requireInstalled(); // skips here, fails under CI=true
        }
        assertThat(sources.filter(col("class_star").isNull()).count()).as("sources without class_star").isZero();
        assertThat(sources.filter(col("class_star").lt(0).or(col("class_star").gt(1))).count()).isZero();
        // the synthetic sky holds only stars: clean bright ones must be called stars
        Dataset<Row> bright = sources.filter(col("flags").equalTo(0).and(col("snr").gt(100)));
        long stars = bright.filter(col("class_star").gt(0.5)).count();
        assertThat(bright.count()).isGreaterThan(100);
        assertThat((double) stars / bright.count()).as("clean SNR > 100 sources with class_star > 0.5").isGreaterThan(0.95);
    }

    @Test
    void everyTileRecordsItsAstrometricRefit(SparkSession spark) {
        List<Row> tiles = table(spark, first, "tiles").select("tile_id", "astrom_status", "astrom_degree", "astrom_stars",
                "astrom_rejected", "astrom_rms_before_arcsec", "astrom_rms_after_arcsec").collectAsList();
        assertThat(tiles).isNotEmpty();
        for (Row t : tiles) {
            assertThat(t.getString(1)).as("tile %d", t.getLong(0)).isEqualTo("refit");
            assertThat(t.getInt(2)).isBetween(1, 3);
            assertThat(t.getInt(3)).isGreaterThanOrEqualTo(12);
            assertThat(t.getInt(4)).isLessThan(t.getInt(3) / 4);
            // clean SNR > 20 stars, centroid noise included: the distortion (0.3-0.4" rms) mostly goes
            assertThat(t.getDouble(5)).isGreaterThan(0.2);
            assertThat(t.getDouble(6)).isLessThan(0.6 * t.getDouble(5));
        }
    }

    @Test
    void injectedVanishedStarsAreRecovered() {
        assertThat(first.summary().recall()).isGreaterThanOrEqualTo(0.9);
        assertThat(first.summary().precision()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aSecondRunOfTheSameConfigGivesIdenticalTables(SparkSession spark) {
        for (String name : SurveyJob.Tables.NAMES) {
            if (name.equals("tiles")) {
                DatasetAssertions.assertSameRowsIgnoring(table(spark, second, name), table(spark, first, name),
                        TileRow.RUN_SPECIFIC);
            } else {
                DatasetAssertions.assertSameRows(table(spark, second, name), table(spark, first, name));
            }
        }
    }
}
