package org.skysift.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigLoader;
import org.skysift.testing.SparkSessionExtension;

/** The inputs block for a files-source run with a folder reference, calibration frames and caps. */
@ExtendWith(SparkSessionExtension.class)
class RunInputsTest {
    private static Path write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void everyInputFileIsHashedFoldersAndImagesAreCappedAndSaySo(SparkSession spark, @TempDir Path dir) throws IOException {
        Path list = write(dir.resolve("images.csv"), "path,ra,dec\n");
        Path bias = write(dir.resolve("cal/bias.fits"), "bias frame");
        Path flat = write(dir.resolve("cal/flat.fits"), "flat frame");
        Path ref = dir.resolve("ref");
        write(ref.resolve("hp=1/a.parquet"), "aaa");
        write(ref.resolve("hp=2/b.parquet"), "bbbb");
        write(ref.resolve("hp=3/c.parquet"), "cc");
        write(ref.resolve("_SUCCESS"), "");
        write(ref.resolve("hp=1/.DS_Store"), "finder");
        // three images read by four tiles (one image twice), and a tile whose image failed
        StructType schema = new StructType().add("image_uri", DataTypes.StringType).add("image_bytes", DataTypes.LongType)
                .add("image_sha256", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (String name : List.of("x.fits", "y.fits", "z.fits", "x.fits")) {
            rows.add(RowFactory.create("file:/img/" + name, 10L, Sha256.hex(name.getBytes(StandardCharsets.UTF_8))));
        }
        rows.add(RowFactory.create("file:/img/missing.fits", null, null));
        String runDir = dir.resolve("run").toUri().toString();
        spark.createDataFrame(rows, schema).write().parquet(runDir + "/tiles");

        var config = ConfigLoader.fromYamlString(String.join("\n",
                "image: {source: files, list: '" + list.toUri() + "'}",
                "reference: {kind: files, path: '" + ref.toUri() + "'}",
                "calibrate: {bias: '" + bias.toUri() + "', flat: '" + flat.toUri() + "'}"));
        JsonNode in = RunInputs.json(spark, runDir, config, null, 2);

        List<String> roles = new ArrayList<>();
        in.path("files").forEach(f -> roles.add(f.path("role").asText()));
        assertThat(roles).containsExactly("image_list", "reference", "reference", "calibrate.bias", "calibrate.flat",
                "image", "image");
        JsonNode files = in.path("files");
        assertThat(files.get(1).path("path").asText()).endsWith("/ref/hp=1/a.parquet");
        assertThat(files.get(1).path("sha256").asText()).isEqualTo(Sha256.hex("aaa".getBytes(StandardCharsets.UTF_8)));
        assertThat(files.get(2).path("bytes").asLong()).isEqualTo(4);
        assertThat(files.get(3).path("sha256").asText()).isEqualTo(Sha256.hex(Files.readAllBytes(bias)));
        assertThat(files.get(5).path("path").asText()).isEqualTo("file:/img/x.fits");
        assertThat(files.get(5).path("sha256").asText()).isEqualTo(Sha256.hex("x.fits".getBytes(StandardCharsets.UTF_8)));
        assertThat(files.get(6).path("path").asText()).isEqualTo("file:/img/y.fits");

        JsonNode capped = in.path("capped");
        assertThat(capped.size()).isEqualTo(2);
        assertThat(capped.get(0).path("role").asText()).isEqualTo("reference");
        assertThat(capped.get(0).path("files").asLong()).isEqualTo(3); // bookkeeping files are not counted
        assertThat(capped.get(0).path("hashed").asLong()).isEqualTo(2);
        assertThat(capped.get(1).path("role").asText()).isEqualTo("image");
        assertThat(capped.get(1).path("files").asLong()).isEqualTo(3);
        assertThat(capped.get(1).path("hashed").asLong()).isEqualTo(2);
    }

    @Test
    void httpImagesAreReferredToTheTilesTable(SparkSession spark, @TempDir Path dir) {
        StructType schema = new StructType().add("image_sha256", DataTypes.StringType);
        String runDir = dir.resolve("run").toUri().toString();
        spark.createDataFrame(List.of(RowFactory.create("ab"), RowFactory.create((Object) null), RowFactory.create("cd")),
                schema).write().parquet(runDir + "/tiles");
        var config = ConfigLoader.fromYamlString("image: {source: hips2fits}");
        JsonNode in = RunInputs.json(spark, runDir, config, null);
        assertThat(in.path("files").size()).isZero();
        assertThat(in.at("/images/source").asText()).isEqualTo("hips2fits");
        assertThat(in.at("/images/checksums_in").asText()).isEqualTo("tiles.image_sha256");
        assertThat(in.at("/images/tiles_with_image").asLong()).isEqualTo(2);
    }
}
