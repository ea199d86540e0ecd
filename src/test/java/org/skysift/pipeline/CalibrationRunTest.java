package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.fits.FitsWriter;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.testing.TestConfigs;

@ExtendWith(SparkSessionExtension.class)
class CalibrationRunTest {
    private static void write(Path p, FitsImage like, float[] px, Map<String, Object> cards) throws IOException {
        try (OutputStream o = Files.newOutputStream(p)) {
            FitsWriter.writeUint16(o, like.width(), like.height(), px, cards);
        }
    }

    @Test
    void biasAndFlatAreRemovedBeforeTheBackground(SparkSession spark, @TempDir Path dir) throws IOException {
        Tile tile = new Tile(1, 95, 15, 12, 12);
        byte[] clean = SyntheticRenderer.render(tile, new SyntheticSky(TestSkies.standard(42))).fits();
        FitsImage img = FitsReader.read(new ByteArrayInputStream(clean), "clean");
        int w = img.width(), n = img.data().length;
        float[] bias = new float[n], flat = new float[n], raw = new float[n];
        for (int i = 0; i < n; i++) {
            bias[i] = 300;
            flat[i] = (float) (10000 * (0.8 + 0.4 * (i % w) / (double) w)); // vignetting-like ramp, median ~1e4
            raw[i] = img.data()[i] * flat[i] / 10000f + bias[i];
        }
        Map<String, Object> cards = new java.util.LinkedHashMap<>(img.header().cards());
        cards.keySet().removeAll(java.util.List.of("SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "BZERO", "BSCALE", "EXTEND"));
        cards.put("SATURATE", 65535.0 * 1.2 + 300);
        write(dir.resolve("raw.fits"), img, raw, cards);
        write(dir.resolve("bias.fits"), img, bias, Map.of());
        write(dir.resolve("flat.fits"), img, flat, Map.of());
        Files.writeString(dir.resolve("list.csv"), "path,ra,dec\nraw.fits,95,15\n");
        String common = String.join("\n", "output: " + dir.resolve("out").toUri(),
                "image: {source: files, list: " + dir.resolve("list.csv").toUri() + "}", "tiling: {tile_arcmin: 12}",
                TestConfigs.NO_REPORTS);

        var calibrated = SurveyJob.run(spark, ConfigLoader.fromYamlString(common + "\nrun_id: cal\ncalibrate: {bias: "
                + dir.resolve("bias.fits").toUri() + ", flat: " + dir.resolve("flat.fits").toUri() + "}"));
        var rawRun = SurveyJob.run(spark, ConfigLoader.fromYamlString(common + "\nrun_id: raw"));
        Row cal = SurveyJob.Tables.read(spark, calibrated.runDir(), "tiles").first();
        Row unc = SurveyJob.Tables.read(spark, rawRun.runDir(), "tiles").first();
        // the synthetic sky is 2000 counts with a 5% gradient; the flat's median is at mid-ramp
        assertThat(cal.getDouble(cal.fieldIndex("background_median"))).isCloseTo(2000, within(60.0));
        assertThat(unc.getDouble(unc.fieldIndex("background_median"))).isCloseTo(2300, within(60.0));
        // the ramp is gone from the calibrated background
        assertThat(cal.getDouble(cal.fieldIndex("background_range")))
                .isLessThan(unc.getDouble(unc.fieldIndex("background_range")) / 3);
        assertThat(cal.getInt(cal.fieldIndex("n_matched"))).isGreaterThan(50);
    }

    @Test
    void framesOfAnotherShapeStopTheRunBeforeAnyWork(SparkSession spark, @TempDir Path dir) throws IOException {
        Tile tile = new Tile(1, 95, 15, 6, 6);
        byte[] bytes = SyntheticRenderer.render(tile, new SyntheticSky(TestSkies.standard(42))).fits();
        Files.write(dir.resolve("a.fits"), bytes);
        try (OutputStream o = Files.newOutputStream(dir.resolve("bias.fits"))) {
            FitsWriter.writeUint16(o, 10, 10, new float[100], Map.of());
        }
        try (OutputStream o = Files.newOutputStream(dir.resolve("flat.fits"))) {
            FitsWriter.writeUint16(o, 12, 10, new float[120], Map.of());
        }
        Files.writeString(dir.resolve("list.csv"), "path,ra,dec\na.fits,95,15\n");
        var cfg = ConfigLoader.fromYamlString(String.join("\n", "output: " + dir.resolve("out").toUri(),
                "image: {source: files, list: " + dir.resolve("list.csv").toUri() + "}",
                "calibrate: {bias: " + dir.resolve("bias.fits").toUri() + ", flat: " + dir.resolve("flat.fits").toUri() + "}"));
        assertThatThrownBy(() -> SurveyJob.run(spark, cfg)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("10x10").hasMessageContaining("12x10");
    }
}
