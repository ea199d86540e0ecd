package org.skysift.report.plots;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.detect.Gate;
import org.skysift.pipeline.InjectionRow;
import org.skysift.pipeline.SurveyJob;
import org.skysift.testing.SparkSessionExtension;

/** A small synthetic run of four neighbouring 30' tiles, with its plots and injections table checked against its tables. */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunPlotsTest {
    @TempDir
    static Path out;
    SurveyJob.Result run;
    Path plots;

    @BeforeAll
    void run(SparkSession spark) throws IOException {
        Path targets = out.resolve("targets.csv");
        Files.writeString(targets, String.join("\n", "id,ra,dec,name", "1,150.0,2.0,a", "2,150.45,2.3,b",
                "3,149.6,1.75,c", "4,150.2,1.55,d", ""));
        run = SurveyJob.run(spark, ConfigLoader.fromYamlString(String.join("\n",
                "run_id: plots",
                "output: " + out.toUri(),
                "targets: {kind: csv, path: " + targets.toUri() + "}",
                "tiling: {tile_arcmin: 30}",
                "synthetic: {vanished_density: 60, realism: plate}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}",
                "report: {progress: false, cutouts: false, html: false, hats: false, dashboard: false}")));
        plots = out.resolve("plots").resolve("plots");
    }

    private Dataset<Row> table(SparkSession spark, String name) {
        return SurveyJob.Tables.read(spark, run.runDir(), name);
    }

    @Test
    void everyListedPngExistsDecodesAndHasTheStatedSize() throws IOException {
        JsonNode index = ConfigLoader.json().readTree(plots.resolve("plots.json").toFile());
        List<String> files = new ArrayList<>();
        for (JsonNode f : index) {
            files.add(f.path("file").asText());
            BufferedImage img = ImageIO.read(plots.resolve(f.path("file").asText()).toFile());
            assertThat(img).as(f.path("file").asText()).isNotNull();
            assertThat(img.getWidth()).isEqualTo(f.path("width").asInt());
            assertThat(img.getHeight()).isEqualTo(f.path("height").asInt());
            assertThat(f.path("title").asText()).isNotBlank();
            assertThat(f.path("caption").asText().length()).isGreaterThan(80);
            assertThat(distinctColours(img)).as("%s is not blank", f.path("file").asText()).isGreaterThan(20);
        }
        assertThat(files).containsExactly("sky_map.png", "sky_region.png", "funnel.png", "injection_recovery.png",
                "hist_mag.png", "hist_fwhm.png", "hist_snr.png", "match_separation.png", "mag_residuals.png",
                "stage_timings.png", "throughput.png");
        BufferedImage map = ImageIO.read(plots.resolve("sky_map.png").toFile());
        assertThat(map.getWidth()).isEqualTo(1000);
        assertThat(map.getHeight()).isEqualTo(560);
        BufferedImage hist = ImageIO.read(plots.resolve("hist_mag.png").toFile());
        assertThat(hist.getWidth()).isEqualTo(900);
        assertThat(hist.getHeight()).isEqualTo(500);
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void histogramCsvCountsEqualABruteForceCountOfTheSources(SparkSession spark) throws IOException {
        List<Double> mags = new ArrayList<>();
        for (Row r : table(spark, "sources").select("mag_cal").collectAsList()) {
            if (!r.isNullAt(0)) {
                mags.add(r.getDouble(0));
            }
        }
        List<double[]> bins = csv(plots.resolve("hist_mag.csv"));
        long inside = 0;
        for (double[] b : bins) {
            long expected = mags.stream().filter(m -> m >= b[0] && m < b[1]).count();
            assertThat((long) b[2]).as("bin [%s, %s)", b[0], b[1]).isEqualTo(expected);
            assertThat(b[1] - b[0]).isCloseTo(0.25, within(1e-9));
            inside += expected;
        }
        // the range is the 0.1-99.9 percentile span rounded out to 0.5 mag: at most ~0.2% fall outside
        assertThat(inside).isGreaterThan((long) (0.99 * mags.size()));
        List<Double> candMags = new ArrayList<>();
        for (Row r : table(spark, "candidates").select("mag").collectAsList()) {
            candMags.add(r.isNullAt(0) ? null : r.getDouble(0));
        }
        long candInside = 0;
        for (double[] b : bins) {
            long expected = candMags.stream().filter(m -> m != null && m >= b[0] && m < b[1]).count();
            assertThat((long) b[3]).isEqualTo(expected);
            candInside += expected;
        }
        assertThat(candInside).isGreaterThan(0);
    }

    @Test
    void injectionRecoveryCsvRecallIsRecoveredOverInjectedFromTheInjectionsTable(SparkSession spark) throws IOException {
        List<Row> inj = table(spark, "injections").select("mag", "recovered", "detected").collectAsList();
        List<double[]> bins = csv(plots.resolve("injection_recovery.csv"));
        long injected = 0, recovered = 0;
        for (double[] b : bins) {
            long n = inj.stream().filter(r -> r.getDouble(0) >= b[0] && r.getDouble(0) < b[1]).count();
            long k = inj.stream().filter(r -> r.getDouble(0) >= b[0] && r.getDouble(0) < b[1] && r.getBoolean(1)).count();
            long d = inj.stream().filter(r -> r.getDouble(0) >= b[0] && r.getDouble(0) < b[1] && r.getBoolean(2)).count();
            assertThat((long) b[2]).isEqualTo(n);
            assertThat((long) b[3]).isEqualTo(k);
            assertThat((long) b[4]).isEqualTo(d);
            assertThat(b[5]).isCloseTo((double) k / n, within(1e-5));
            assertThat(b[6]).isLessThanOrEqualTo(b[5]);
            assertThat(b[7]).isGreaterThanOrEqualTo(b[5]);
            injected += n;
            recovered += k;
        }
        assertThat(injected).isEqualTo(inj.size()).isGreaterThan(20);
        assertThat(run.summary().recall()).isCloseTo((double) recovered / injected, within(1e-12));
    }

    @Test
    void injectionsTableAgreesWithTheTilesCounts(SparkSession spark) {
        Map<Long, long[]> perTile = new HashMap<>();
        for (Row r : table(spark, "injections").select("tile_id", "recovered").collectAsList()) {
            long[] c = perTile.computeIfAbsent(r.getLong(0), k -> new long[2]);
            c[0]++;
            c[1] += r.getBoolean(1) ? 1 : 0;
        }
        List<Row> tiles = table(spark, "tiles").select("tile_id", "n_injected", "n_injected_found").collectAsList();
        assertThat(tiles).hasSizeGreaterThan(1);
        for (Row t : tiles) {
            long[] c = perTile.getOrDefault(t.getLong(0), new long[2]);
            assertThat(c[0]).as("tile %d injected", t.getLong(0)).isEqualTo(t.getInt(1));
            assertThat(c[1]).as("tile %d recovered", t.getLong(0)).isEqualTo(t.getInt(2));
        }
    }

    @Test
    void everyInjectionSaysWhatBecameOfItConsistentlyWithTheOtherTables(SparkSession spark) {
        Set<String> candidates = keys(table(spark, "candidates").where(col("injected")));
        Set<String> matched = keys(table(spark, "matches"));
        Map<String, String> rejectedGate = new HashMap<>();
        for (Row r : table(spark, "rejected").select("tile_id", "source_id", "first_failed_gate").collectAsList()) {
            rejectedGate.put(r.getLong(0) + "/" + r.getInt(1), r.getString(2));
        }
        Set<String> gates = new HashSet<>();
        for (Gate g : Gate.values()) {
            gates.add(g.key());
        }
        int missed = 0;
        double radius = 3.0; // report.injection_radius_arcsec default
        for (Row r : table(spark, "injections").collectAsList()) {
            boolean recovered = r.getBoolean(r.fieldIndex("recovered"));
            boolean detected = r.getBoolean(r.fieldIndex("detected"));
            String gate = r.getString(r.fieldIndex("first_gate"));
            Integer source = r.isNullAt(r.fieldIndex("source_id")) ? null : r.getInt(r.fieldIndex("source_id"));
            String key = r.getLong(r.fieldIndex("tile_id")) + "/" + source;
            if (recovered) {
                assertThat(gate).isNull();
                assertThat(detected).isTrue();
                assertThat(candidates).contains(key);
            } else if (!detected) {
                assertThat(gate).isEqualTo(InjectionRow.UNDETECTED);
                assertThat(source).isNull();
            } else {
                missed++;
                assertThat(gates).contains(gate);
                if (gate.equals(Gate.UNMATCHED.key())) {
                    assertThat(matched).contains(key);
                } else {
                    assertThat(rejectedGate.get(key)).isEqualTo(gate);
                }
            }
            if (source != null) {
                assertThat(r.getDouble(r.fieldIndex("sep_arcsec"))).isBetween(0.0, radius);
            }
        }
        assertThat(missed).as("the plate realism leaves some injected stars to the gates").isGreaterThan(0);
    }

    private static Set<String> keys(Dataset<Row> df) {
        Set<String> out = new HashSet<>();
        for (Row r : df.select("tile_id", "source_id").collectAsList()) {
            out.add(r.getLong(0) + "/" + r.getInt(1));
        }
        return out;
    }

    private static List<double[]> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] v = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                v[i] = Double.parseDouble(f[i]);
            }
            rows.add(v);
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }
}
