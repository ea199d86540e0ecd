package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.fits.FitsHeader;
import org.skysift.fits.FitsWriter;
import org.skysift.sky.Angles;
import org.skysift.testing.SharedData;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsReader;

/**
 * A DSS1-blue tile from a 15 micron POSS-I O scan (non-zero PPO1/PPO5) through the whole job via image
 * kind {@code files}. The real XO121 header has no pixels, so stars at known sky positions are rendered
 * under its plate solution; the job must read that solution and put the detections back on the truth.
 * A second copy with its orientation broken (PPO5 = 0) runs on the header's TAN, saying so.
 */
@ExtendWith(SparkSessionExtension.class)
class BluePlateRunTest {
    private static final String HEADER = "plates/dss1blue_POSSI-O_XO121.header.json";
    /** Structural keys FitsWriter writes itself. */
    private static final Set<String> STRUCTURAL = Set.of("SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND",
            "BZERO", "BSCALE");
    private static final double SKY = 3000, GAIN = 1.0, SIGMA_PX = 1.3, MAX_COUNTS = 15000;

    /** A star of the truth: sky position and the pixel it was rendered at. */
    private record Star(double ra, double dec, double x, double y, double flux) {}

    @Test
    void blue15MicronTileRunsThroughTheJobOnItsPlateSolution(SparkSession spark, @TempDir Path dir) throws IOException {
        Map<String, Object> cards = headerCards(SharedData.require(HEADER));
        int w = ((Number) cards.get("NAXIS1")).intValue(), h = ((Number) cards.get("NAXIS2")).intValue();
        Wcs plate = WcsReader.fromHeader(textHeader(cards));
        List<Star> truth = stars(plate, w, h, 150, new SplittableRandom(121));
        float[] pixels = render(truth, w, h, new SplittableRandom(7));

        Path good = dir.resolve("xo121.fits");
        write(good, pixels, w, h, cards);
        Map<String, Object> broken = new LinkedHashMap<>(cards);
        broken.put("PPO5", 0.0);
        Path fallback = dir.resolve("xo121_ppo5_zero.fits");
        write(fallback, pixels, w, h, broken);

        double[] centre = plate.pixelToSky((w + 1) / 2.0, (h + 1) / 2.0);
        String at = "," + centre[0] + "," + centre[1] + "\n";
        Files.writeString(dir.resolve("list.csv"), "path,ra,dec\n" + good.toUri() + at + fallback.toUri() + at);
        StringBuilder ref = new StringBuilder("id,ra,dec,mag\n");
        for (int i = 0; i < truth.size(); i++) {
            Star s = truth.get(i);
            ref.append("T").append(i).append(',').append(s.ra()).append(',').append(s.dec()).append(',')
                    .append(25 - 2.5 * Math.log10(s.flux())).append('\n');
        }
        Files.writeString(dir.resolve("ref.csv"), ref);
        var config = ConfigLoader.fromYamlString(String.join("\n",
                "run_id: xo121", "output: " + dir.resolve("out").toUri(),
                "image: {source: files, list: " + dir.resolve("list.csv").toUri() + "}",
                "reference: {kind: files, path: " + dir.resolve("ref.csv").toUri() + "}",
                "tiling: {tile_arcmin: 20}",
                // the header solutions themselves are under test: the refit to the reference (the truth
                // here) would take the TAN's error out too
                "astrometry: {refit: false}",
                // positions are the point: the people-facing outputs stay off to keep the test lean
                "report: {metrics: false, plots: false, cutouts: false, html: false, dashboard: false, hats: false}"));
        SurveyJob.Result r = SurveyJob.run(spark, config);

        List<Row> tiles = SurveyJob.Tables.read(spark, r.runDir(), "tiles").orderBy("tile_id").collectAsList();
        assertThat(tiles).hasSize(2);
        Row first = tiles.get(0), second = tiles.get(1);
        assertThat(first.getString(first.fieldIndex("status"))).as(String.valueOf(first)).isEqualTo("ok");
        assertThat(first.getString(first.fieldIndex("wcs_model"))).isEqualTo("dss_plate");
        assertThat(first.isNullAt(first.fieldIndex("wcs_warning"))).isTrue();
        assertThat(first.getDouble(first.fieldIndex("pixel_scale_arcsec"))).isCloseTo(1.009, within(0.002));
        // DATE-OBS '1954-02-24T04:83:00' is read with its 83 minutes carried over
        assertThat(first.getDouble(first.fieldIndex("epoch"))).isCloseTo(1954.15, within(0.01));
        assertThat(second.getString(second.fieldIndex("status"))).as(String.valueOf(second)).isEqualTo("ok");
        assertThat(second.getString(second.fieldIndex("wcs_model"))).isEqualTo("tan_fallback");
        assertThat(second.getString(second.fieldIndex("wcs_warning"))).contains("PPO5").contains("singular");

        long firstId = first.getLong(first.fieldIndex("tile_id"));
        long secondId = second.getLong(second.fieldIndex("tile_id"));
        double[] onPlate = offsets(spark, r, firstId, truth);
        double[] onTan = offsets(spark, r, secondId, truth);
        // Measured (seeded): plate solution 150/150 stars found, median 0.027", worst 0.151", mean offset
        // vector 0.002"; the header's TAN on the fallback tile: 150/150, median 0.086", worst 0.267", 0.025".
        // Centroid noise alone is ~0.04 px (1.009"/px) per axis for the faintest stars.
        assertThat(onPlate[2]).as("stars found on the plate solution").isGreaterThanOrEqualTo(0.95 * truth.size());
        assertThat(onPlate[0]).as("median offset (arcsec)").isLessThan(0.05);
        assertThat(onPlate[1]).as("worst offset (arcsec)").isLessThan(0.25);
        assertThat(onPlate[3]).as("systematic offset (arcsec)").isLessThan(0.01);
        assertThat(onTan[2]).isGreaterThanOrEqualTo(0.95 * truth.size());
        assertThat(onTan[1]).as("TAN worst offset (arcsec)").isLessThan(0.4);
        // the fallback's TAN is visibly coarser than the plate solution: these figures tell the two apart
        assertThat(onTan[0]).as("TAN median offset (arcsec)").isGreaterThan(0.05);
    }

    /**
     * From each truth star to its nearest source within 2": {median offset, worst offset, stars found, length
     * of the mean offset vector}, arcsec. The mean vector is the systematic part a wrong WCS would leave.
     */
    private static double[] offsets(SparkSession spark, SurveyJob.Result r, long tileId, List<Star> truth) {
        List<Row> sources = SurveyJob.Tables.read(spark, r.runDir(), "sources")
                .where("tile_id = " + tileId).select("ra", "dec").collectAsList();
        List<Double> found = new ArrayList<>();
        double sumEast = 0, sumNorth = 0;
        for (Star s : truth) {
            double best = Double.POSITIVE_INFINITY, east = 0, north = 0;
            for (Row src : sources) {
                double d = Angles.separationArcsec(s.ra(), s.dec(), src.getDouble(0), src.getDouble(1));
                if (d < best) {
                    best = d;
                    east = (src.getDouble(0) - s.ra()) * Math.cos(Math.toRadians(s.dec())) * 3600;
                    north = (src.getDouble(1) - s.dec()) * 3600;
                }
            }
            if (best < 2.0) {
                found.add(best);
                sumEast += east;
                sumNorth += north;
            }
        }
        found.sort(null);
        int n = found.size();
        double median = n == 0 ? Double.NaN : found.get(n / 2);
        double worst = n == 0 ? Double.NaN : found.get(n - 1);
        return new double[] {median, worst, n, Math.hypot(sumEast / n, sumNorth / n)};
    }

    /** Stars uniform over the image (12 px from the edges, 15 px apart), sky positions from the plate solution. */
    private static List<Star> stars(Wcs wcs, int w, int h, int n, SplittableRandom rng) {
        List<Star> out = new ArrayList<>();
        while (out.size() < n) {
            double x = 12 + rng.nextDouble() * (w - 24), y = 12 + rng.nextDouble() * (h - 24);
            boolean crowded = false;
            for (Star s : out) {
                crowded |= Math.hypot(s.x() - x, s.y() - y) < 15;
            }
            if (!crowded) {
                double[] sky = wcs.pixelToSky(x, y);
                // peaks from 15 to 60 sky sigmas: well measured, none saturated
                double peak = (15 + 45 * rng.nextDouble()) * Math.sqrt(SKY / GAIN);
                out.add(new Star(sky[0], sky[1], x, y, peak * 2 * Math.PI * SIGMA_PX * SIGMA_PX));
            }
        }
        return out;
    }

    /** Gaussian stars (sampled at pixel centres, FITS pixel i at 0-based i - 1) on a flat sky with Poisson noise. */
    private static float[] render(List<Star> stars, int w, int h, SplittableRandom rng) {
        double[] img = new double[w * h];
        java.util.Arrays.fill(img, SKY);
        double inv = 1 / (2 * SIGMA_PX * SIGMA_PX);
        for (Star s : stars) {
            double peak = s.flux() * inv / Math.PI;
            int r = (int) Math.ceil(6 * SIGMA_PX);
            for (int y = (int) s.y() - r; y <= (int) s.y() + r; y++) {
                for (int x = (int) s.x() - r; x <= (int) s.x() + r; x++) {
                    if (x >= 1 && x <= w && y >= 1 && y <= h) {
                        double d2 = (x - s.x()) * (x - s.x()) + (y - s.y()) * (y - s.y());
                        img[(y - 1) * w + (x - 1)] += peak * Math.exp(-d2 * inv);
                    }
                }
            }
        }
        float[] out = new float[img.length];
        for (int i = 0; i < img.length; i++) {
            double e = img[i] + Math.sqrt(img[i] / GAIN) * rng.nextGaussian();
            out[i] = (float) Math.min(MAX_COUNTS, Math.max(0, Math.rint(e)));
        }
        return out;
    }

    private static void write(Path path, float[] pixels, int w, int h, Map<String, Object> cards) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>(cards);
        extra.keySet().removeAll(STRUCTURAL);
        extra.put("GAIN", GAIN);
        try (OutputStream out = Files.newOutputStream(path)) {
            FitsWriter.writeUint16(out, w, h, pixels, extra);
        }
    }

    /** The header's cards with their JSON types (numbers stay numbers, strings stay strings). */
    private static Map<String, Object> headerCards(Path json) throws IOException {
        JsonNode header = new ObjectMapper().readTree(json.toFile()).get("header");
        Map<String, Object> cards = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            cards.put(e.getKey(), v.isIntegralNumber() ? (Object) v.asLong() : v.isNumber() ? (Object) v.asDouble()
                    : v.isBoolean() ? (Object) v.asBoolean() : v.asText());
        }
        return cards;
    }

    private static FitsHeader textHeader(Map<String, Object> cards) {
        Map<String, String> text = new LinkedHashMap<>();
        cards.forEach((k, v) -> text.put(k, String.valueOf(v)));
        return new FitsHeader(text);
    }
}
