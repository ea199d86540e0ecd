package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.testing.TestConfigs;

@ExtendWith(SparkSessionExtension.class)
class FilesSourceTest {
    @Test
    void corruptAndMissingImagesAreFailedRowsAndTheJobGoesOn(SparkSession spark, @TempDir Path dir) throws IOException {
        SyntheticSky sky = new SyntheticSky(TestSkies.standard(42));
        Files.write(dir.resolve("a.fits"), SyntheticRenderer.render(new Tile(1, 120, 30, 12, 12), sky).fits());
        Files.write(dir.resolve("b.fits"), SyntheticRenderer.render(new Tile(2, 121, 30, 12, 12), sky).fits());
        byte[] good = Files.readAllBytes(dir.resolve("a.fits"));
        Files.write(dir.resolve("corrupt.fits"), java.util.Arrays.copyOf(good, 1000));
        Files.writeString(dir.resolve("html.fits"), "<html>Error 503</html>");
        Files.writeString(dir.resolve("images.csv"), String.join("\n",
                "path,ra,dec", "a.fits,120,30", "b.fits,121,30", "corrupt.fits,122,30", "missing.fits,123,30",
                "html.fits,124,30", ""));
        var config = ConfigLoader.fromYamlString(String.join("\n",
                "run_id: files", "output: " + dir.resolve("out").toUri(),
                "image: {source: files, list: " + dir.resolve("images.csv").toUri() + "}",
                "tiling: {tile_arcmin: 12}", TestConfigs.NO_REPORTS));
        SurveyJob.Result r = SurveyJob.run(spark, config);
        assertThat(r.summary().tilesOk()).isEqualTo(2);
        assertThat(r.summary().tilesFailed()).isEqualTo(3);
        List<Row> failed = SurveyJob.Tables.read(spark, r.runDir(), "tiles").filter(col("status").equalTo("failed"))
                .orderBy("tile_id").select("tile_id", "error_stage", "error_message").collectAsList();
        assertThat(failed).hasSize(3);
        assertThat(failed.get(0).getString(1)).isEqualTo("validate");
        assertThat(failed.get(0).getString(2)).contains("corrupt.fits");
        assertThat(failed.get(1).getString(1)).isEqualTo("acquire");
        assertThat(failed.get(1).getString(2)).contains("missing.fits");
        assertThat(failed.get(2).getString(1)).isEqualTo("validate");
        assertThat(failed.get(2).getString(2)).contains("html.fits");
        assertThat(SurveyJob.Tables.read(spark, r.runDir(), "sources").filter(col("tile_id").equalTo(4)).count()).isZero();
        assertThat(SurveyJob.Tables.read(spark, r.runDir(), "sources").count()).isPositive();
        assertThat(r.summary().json().path("tiles").path("failed_by_stage").path("validate").asLong()).isEqualTo(2);
    }

    @Test
    void folderOfTileIdNamedImagesWithAParquetReference(SparkSession spark, @TempDir Path dir) throws IOException {
        org.skysift.sky.Hex30Tiling tiling = new org.skysift.sky.Hex30Tiling(12);
        Tile tile = tiling.tileFor(80.0, -10.0);
        SyntheticSky sky = new SyntheticSky(TestSkies.withVanished(42, 400));
        Path images = Files.createDirectories(dir.resolve("images"));
        var rendered = SyntheticRenderer.render(tile, sky);
        var vanished = rendered.stars().stream().filter(p -> p.star().vanished()).toList();
        Files.write(images.resolve(tile.id() + ".fits"), rendered.fits());
        Files.writeString(dir.resolve("targets.csv"), "ra,dec\n80.0,-10.0\n80.001,-10.001\n");
        // the reference as Parquet, written by Spark like a user's catalog would be
        List<Row> refs = new java.util.ArrayList<>();
        for (var s : sky.cone(tile.ra(), tile.dec(), 0.3)) {
            if (!s.vanished()) {
                // a made-up colour the plate does not depend on: the colour term must come out near zero
                double colour = 0.5 + Math.floorMod(s.id().hashCode(), 200) / 100.0;
                refs.add(org.apache.spark.sql.RowFactory.create(s.id(), s.ra(), s.dec(), s.mag(), colour));
            }
        }
        var schema = new org.apache.spark.sql.types.StructType().add("id", "string").add("ra", "double")
                .add("dec", "double").add("mag", "double").add("bp_rp", "double");
        String refPath = dir.resolve("ref.parquet").toUri().toString();
        spark.createDataFrame(refs, schema).coalesce(2).write().parquet(refPath);
        var config = ConfigLoader.fromYamlString(String.join("\n",
                "run_id: folder", "output: " + dir.resolve("out").toUri(),
                "targets: {kind: csv, path: " + dir.resolve("targets.csv").toUri() + "}",
                "tiling: {tile_arcmin: 12}",
                "image: {source: files, path: " + images.toUri() + "}",
                "reference: {kind: files, path: " + refPath + "}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}", TestConfigs.NO_REPORTS));
        SurveyJob.Result r = SurveyJob.run(spark, config);
        assertThat(r.summary().tilesOk()).isEqualTo(1);
        var tiles = SurveyJob.Tables.read(spark, r.runDir(), "tiles").first();
        assertThat(tiles.getLong(tiles.fieldIndex("n_targets"))).isEqualTo(2);
        assertThat(tiles.getString(tiles.fieldIndex("zero_point_origin"))).isEqualTo("matches");
        assertThat(tiles.getDouble(tiles.fieldIndex("zero_point"))).isBetween(27.4, 28.0);
        // the photometric curve: fitted, recorded, and used for mag_cal and delta_mag (a linear plate: close to the zero point)
        assertThat(tiles.getString(tiles.fieldIndex("phot_status"))).isEqualTo("curve");
        assertThat(tiles.getInt(tiles.fieldIndex("phot_stars"))).isGreaterThan(30);
        assertThat(tiles.getDouble(tiles.fieldIndex("phot_rms"))).isBetween(0.005, 0.15);
        assertThat(tiles.getString(tiles.fieldIndex("phot_knots"))).startsWith("{\"inst\":[").contains("\"colour0\":");
        assertThat(Math.abs(tiles.getDouble(tiles.fieldIndex("phot_colour_term")))).isLessThan(0.05);
        var sourcesDf = SurveyJob.Tables.read(spark, r.runDir(), "sources");
        Row cal = sourcesDf.filter(col("snr").gt(50).and(col("flags").equalTo(0)))
                .selectExpr("max(abs(mag_cal - mag_auto))", "count(*)").first();
        assertThat(cal.getLong(1)).isPositive();
        assertThat(cal.getDouble(0)).isLessThan(0.1);
        // extrapolated = exactly the sources beyond the calibrators' instrumental range (the knots' ends)
        var knots = ConfigLoader.json().readTree(tiles.getString(tiles.fieldIndex("phot_knots"))).path("inst");
        double lo = knots.get(0).asDouble(), hi = knots.get(knots.size() - 1).asDouble();
        String outside = String.format(java.util.Locale.ROOT, "(-2.5 * log10(flux_auto) < %.4f or -2.5 * log10(flux_auto) > %.4f)",
                lo - 1e-4, hi + 1e-4);
        assertThat(sourcesDf.filter("flux_auto > 0").filter("mag_cal_extrapolated <> " + outside).count()).isZero();
        var m = SurveyJob.Tables.read(spark, r.runDir(), "matches").alias("m");
        var sa = sourcesDf.alias("s");
        Row delta = m.join(sa, col("m.tile_id").equalTo(col("s.tile_id")).and(col("m.source_id").equalTo(col("s.source_id"))))
                .selectExpr("max(abs(m.delta_mag - (s.mag_cal - m.ref_mag)))", "count(m.delta_mag)").first();
        // every match carries a delta_mag (each reference star has a mag)
        assertThat(delta.getLong(1)).isEqualTo(SurveyJob.Tables.read(spark, r.runDir(), "matches").count());
        assertThat(delta.getDouble(0)).isLessThan(1e-9);
        var cd = SurveyJob.Tables.read(spark, r.runDir(), "candidates").alias("c");
        Row candMag = cd.join(sa, col("c.tile_id").equalTo(col("s.tile_id")).and(col("c.source_id").equalTo(col("s.source_id"))))
                .selectExpr("max(abs(c.mag - s.mag_cal))", "count(*)").first();
        assertThat(candMag.getLong(1)).as("every candidate joined to its source")
                .isEqualTo(SurveyJob.Tables.read(spark, r.runDir(), "candidates").count());
        assertThat(candMag.getDouble(0)).isLessThan(1e-9);
        long matched = SurveyJob.Tables.read(spark, r.runDir(), "matches").count();
        long sources = SurveyJob.Tables.read(spark, r.runDir(), "sources").count();
        // every source is a catalog star or one of the withheld ones
        assertThat(sources - matched).isLessThanOrEqualTo(vanished.size() + 2);
        // and the candidates are the withheld stars: each candidate sits on one, nearly all are found
        List<Row> cands = SurveyJob.Tables.read(spark, r.runDir(), "candidates").select("ra", "dec").collectAsList();
        int onVanished = 0;
        for (Row c : cands) {
            boolean hit = vanished.stream().anyMatch(v -> org.skysift.sky.Angles.separationArcsec(
                    v.star().ra(), v.star().dec(), c.getDouble(0), c.getDouble(1)) < 3.0);
            onVanished += hit ? 1 : 0;
        }
        long inside = vanished.stream().filter(v -> v.x() > 20.5 && v.y() > 20.5
                && v.x() < rendered.width() - 19.5 && v.y() < rendered.height() - 19.5).count();
        assertThat(onVanished).isEqualTo(cands.size());
        // at 400 withheld stars per square degree some sit on neighbours: the blend gates (flags, elongation)
        // rightly drop those, so this dense field recovers fewer than the sparse default run
        assertThat((double) cands.size() / inside).isGreaterThanOrEqualTo(0.75);
    }
}
