package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Angles;
import org.skysift.testing.SharedData;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsReader;

/** The real DSS1-red cutout of M101 through the whole job via image.list. */
@ExtendWith(SparkSessionExtension.class)
class RealDssRunTest {
    @Test
    void realPlateRunsThroughTheJobWithPlateSolutionPositions(SparkSession spark, @TempDir Path dir) throws IOException {
        Path fits = SharedData.require("dss/dss1red_POSSI-E_XE133_M101.fits");
        Files.writeString(dir.resolve("list.csv"), "path,ra,dec\n" + fits.toUri() + ",210.80214,54.34763\n");
        Files.writeString(dir.resolve("ref.csv"), "id,ra,dec,mag\n");
        var config = ConfigLoader.fromYamlString(String.join("\n",
                "run_id: m101", "output: " + dir.resolve("out").toUri(),
                "image: {source: files, list: " + dir.resolve("list.csv").toUri() + "}",
                "reference: {kind: files, path: " + dir.resolve("ref.csv").toUri() + "}",
                "tiling: {tile_arcmin: 15}"));
        SurveyJob.Result r = SurveyJob.run(spark, config);
        Row tile = SurveyJob.Tables.read(spark, r.runDir(), "tiles").first();
        assertThat(tile.getString(tile.fieldIndex("status"))).as(String.valueOf(tile)).isEqualTo("ok");
        assertThat(tile.getString(tile.fieldIndex("wcs_model"))).isEqualTo("dss_plate");
        assertThat(tile.getDouble(tile.fieldIndex("epoch"))).isBetween(1950.0, 1960.0);
        assertThat(tile.getDouble(tile.fieldIndex("pixel_scale_arcsec"))).isCloseTo(1.70, within(0.02));
        // no reference stars: the astrometric refit keeps the header's plate solution and says so
        assertThat(tile.getString(tile.fieldIndex("astrom_status"))).isEqualTo("header: 0 stars < 12");
        assertThat(tile.getInt(tile.fieldIndex("astrom_stars"))).isZero();
        assertThat(tile.isNullAt(tile.fieldIndex("astrom_rms_after_arcsec"))).isTrue();

        Wcs plate;
        try (InputStream in = Files.newInputStream(fits)) {
            plate = WcsReader.fromHeader(FitsReader.read(in, fits.toString()).header());
        }
        List<Row> sources = SurveyJob.Tables.read(spark, r.runDir(), "sources").select("x", "y", "ra", "dec").collectAsList();
        // M101's field is rich: hundreds of stars and HII regions on a 15' plate
        assertThat(sources.size()).isGreaterThan(200);
        double worst = 0;
        for (Row s : sources) {
            double[] expect = plate.pixelToSky(s.getDouble(0), s.getDouble(1));
            worst = Math.max(worst, Angles.separationArcsec(expect[0], expect[1], s.getDouble(2), s.getDouble(3)));
            // and inside the plate's footprint (README corner values)
            assertThat(s.getDouble(2)).isBetween(210.58, 211.02);
            assertThat(s.getDouble(3)).isBetween(54.22, 54.48);
        }
        assertThat(worst).isLessThan(1e-6);
    }
}
