package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Angles;
import org.skysift.sky.FibonacciSphere;
import org.skysift.sky.Tile;
import org.skysift.synth.EpochRenderer;
import org.skysift.synth.InjectedChange;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.testing.TestConfigs;

/**
 * One small run with two synthetic epochs (the second of two frames, with injected changes) through the
 * survey job: the epoch tables, the tiles' epoch columns, and the transients against the renderer's truth.
 * The single-epoch case (no epoch table written) is checked on SurveyJobTest's run.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpochsRunTest {
    @TempDir
    static Path out;
    SkySiftConfig config;
    SurveyJob.Result run;

    @BeforeAll
    void runIt(SparkSession spark) throws IOException {
        // the two points of a seeded Fibonacci spiral, named, so the transients carry their tile's target name
        double[] a = FibonacciSphere.point(0, 2, 5), b = FibonacciSphere.point(1, 2, 5);
        Path csv = Files.writeString(out.resolve("named.csv"), String.format(java.util.Locale.ROOT,
                "name,ra,dec%nNGC 224,%.9f,%.9f%nGaia DR3 4295806720,%.9f,%.9f%n", a[0], a[1], b[0], b[1]));
        config = ConfigLoader.fromYamlString(String.join("\n",
                "run_id: epochs",
                "output: " + out.toUri(),
                "targets: {kind: csv, path: '" + csv.toUri() + "'}",
                "tiling: {tile_arcmin: 20}",
                "synthetic: {fwhm_min: 2.6, fwhm_max: 2.8}",
                "epochs:",
                "  list:",
                "    - {name: '1953', synthetic: {year: 1953.2}}",
                "    - name: '1991'",
                "      frames: 2",
                "      synthetic: {year: 1991.7, fwhm_min: 3.2, fwhm_max: 3.4, offset_arcsec: 5,",
                "                  changes: {appeared: 4, vanished: 4, brightened: 4, faded: 4, amplitude_min_mag: 0.8,",
                "                            amplitude_max_mag: 1.2, mag_bright: 15, mag_faint: 16.5}}",
                TestConfigs.NO_REPORTS));
        run = SurveyJob.run(spark, config);
    }

    @Test
    void writesTheEpochTablesAndCountsThem(SparkSession spark) throws IOException {
        JsonNode summary = ConfigLoader.json().readTree(out.resolve("epochs").resolve("summary.json").toFile());
        for (String t : SurveyJob.Tables.EPOCH_NAMES) {
            assertThat(out.resolve("epochs").resolve(t)).isDirectory();
            assertThat(summary.path("counts").path(t).asLong())
                    .isEqualTo(SurveyJob.Tables.read(spark, run.runDir(), t).count());
        }
        assertThat(summary.path("counts").path("transients").asLong()).isGreaterThan(0);
        assertThat(summary.path("stage_ms").path("epochs").path("total").asLong()).isGreaterThan(0);
    }

    @Test
    void everyTransientCarriesTheNameOfItsTilesTarget(SparkSession spark) {
        Map<Long, String> nameOfTile = new HashMap<>();
        SurveyJob.Tables.read(spark, run.runDir(), "targets").select("tile_id", "name").collectAsList()
                .forEach(r -> nameOfTile.put(r.getLong(0), r.getString(1)));
        assertThat(nameOfTile.values()).containsExactlyInAnyOrder("NGC 224", "Gaia DR3 4295806720");
        List<Row> rows = SurveyJob.Tables.read(spark, run.runDir(), "transients").select("tile_id", "target_name")
                .collectAsList();
        assertThat(rows).isNotEmpty();
        for (Row r : rows) {
            assertThat(r.getString(1)).as("tile " + r.getLong(0)).isEqualTo(nameOfTile.get(r.getLong(0)));
        }
    }

    @Test
    void everyTileHasBothEpochsAndNoProblem(SparkSession spark) {
        List<Row> tiles = SurveyJob.Tables.read(spark, run.runDir(), "tiles")
                .select("tile_id", "status", "n_epochs", "n_transients", "scorr_std", "epoch_problems", "epochs_ms")
                .collectAsList();
        assertThat(tiles).hasSize(2);
        Map<Long, Long> perTile = new HashMap<>();
        SurveyJob.Tables.read(spark, run.runDir(), "transients").groupBy("tile_id").count().collectAsList()
                .forEach(r -> perTile.put(r.getLong(0), r.getLong(1)));
        for (Row t : tiles) {
            assertThat(t.getString(1)).isEqualTo("ok");
            assertThat(t.getInt(2)).isEqualTo(2);
            assertThat((long) t.getInt(3)).isEqualTo(perTile.getOrDefault(t.getLong(0), 0L));
            // S_corr's std counts the injected changes' own pixels too (16 per tile at S_corr 15-150)
            assertThat(t.getDouble(4)).isBetween(0.8, 1.5);
            assertThat(t.isNullAt(5)).as("epoch_problems of tile %d: %s", t.getLong(0), t.get(5)).isTrue();
            assertThat(t.getLong(6)).isPositive();
        }
    }

    /**
     * Light curves: every target and source of the reference in both epochs; the stars the synthetic sky
     * changed by 0.8-1.2 mag (bright) are flagged variable, the constant ones seldom.
     */
    @Test
    void lightCurvesCoverEveryObjectInBothEpochsAndFlagTheChangedStars(SparkSession spark) {
        var lc = SurveyJob.Tables.read(spark, run.runDir(), "lightcurves");
        var var = SurveyJob.Tables.read(spark, run.runDir(), "variability");
        long objects = var.count();
        assertThat(lc.count()).isEqualTo(2 * objects);
        assertThat(lc.select("epoch").distinct().count()).isEqualTo(2);
        assertThat(var.where("object_kind = 'target'").count()).as("targets measured").isEqualTo(2);
        assertThat(var.where("object_kind = 'source'").count())
                .isEqualTo(SurveyJob.Tables.read(spark, run.runDir(), "sources").count());
        long changed = var.where("injected AND object_kind = 'source'").count();
        long changedFlagged = var.where("injected AND object_kind = 'source' AND variable").count();
        long constant = var.where("NOT injected AND object_kind = 'source' AND n_epochs = 2").count();
        long constantFlagged = var.where("NOT injected AND object_kind = 'source' AND n_epochs = 2 AND variable").count();
        System.out.printf("light curves: %d objects; changed stars flagged %d of %d; constant flagged %d of %d%n",
                objects, changedFlagged, changed, constantFlagged, constant);
        assertThat(changed).as("sources on the vanished, brightened and faded stars").isGreaterThanOrEqualTo(20);
        assertThat(changedFlagged).isGreaterThanOrEqualTo(changed * 9 / 10);
        assertThat(constantFlagged).isLessThanOrEqualTo(Math.max(2, constant / 50));
    }

    /** epoch_injections: one row per injected change, scored against the tile's transients of its epoch. */
    @Test
    void epochInjectionsScoreEveryChangeAndPointAtItsTransient(SparkSession spark) {
        List<Row> inj = SurveyJob.Tables.read(spark, run.runDir(), "epoch_injections")
                .select("tile_id", "epoch", "kind", "recovered", "found_kind", "transient_id", "expected_snr").collectAsList();
        assertThat(inj).hasSize(32);
        Map<String, Row> transients = new HashMap<>();
        SurveyJob.Tables.read(spark, run.runDir(), "transients").select("tile_id", "transient_id", "kind", "injected")
                .collectAsList().forEach(r -> transients.put(r.getLong(0) + "/" + r.getInt(1), r));
        int recovered = 0;
        for (Row r : inj) {
            assertThat(r.getString(1)).isEqualTo("1991");
            assertThat(r.getDouble(6)).isGreaterThan(10);
            if (r.getBoolean(3)) {
                recovered++;
                Row t = transients.get(r.getLong(0) + "/" + r.getInt(5));
                assertThat(t).isNotNull();
                assertThat(t.getString(2)).isEqualTo(r.getString(4));
                assertThat(t.getBoolean(3)).isTrue();
            } else {
                assertThat(r.isNullAt(5)).isTrue();
            }
        }
        assertThat(recovered).isGreaterThanOrEqualTo(31);
    }

    /** Each injected change, rendered again here from the same config, is a transient of its class at its place. */
    @Test
    void transientsAreTheInjectedChangesWithTheirClasses(SparkSession spark) {
        List<Row> tiles = SurveyJob.Tables.read(spark, run.runDir(), "tiles")
                .select("tile_id", "ra_center", "dec_center", "width_arcmin", "height_arcmin").collectAsList();
        List<Row> found = SurveyJob.Tables.read(spark, run.runDir(), "transients")
                .select("tile_id", "ra", "dec", "kind", "injected", "epoch", "reference_epoch", "epoch_year").collectAsList();
        double radius = config.report().injectionRadiusArcsec();
        int injected = 0, recovered = 0, rightClass = 0;
        List<InjectedChange> truth = new ArrayList<>();
        for (Row t : tiles) {
            Tile tile = new Tile(t.getLong(0), t.getDouble(1), t.getDouble(2), t.getDouble(3), t.getDouble(4));
            List<InjectedChange> changes = EpochRenderer.render(tile, Stages.sky(config), Stages.realism(config),
                    Stages.syntheticEpochs(config), 0, 1, 0).changes();
            assertThat(changes).hasSize(16);
            truth.addAll(changes);
            for (InjectedChange c : changes) {
                injected++;
                Row best = null;
                double bestSep = radius;
                for (Row f : found) {
                    double sep = Angles.separationArcsec(c.ra(), c.dec(), f.getDouble(1), f.getDouble(2));
                    if (f.getLong(0) == tile.id() && sep <= bestSep) {
                        best = f;
                        bestSep = sep;
                    }
                }
                if (best != null) {
                    recovered++;
                    assertThat(best.getBoolean(4)).isTrue();
                    if (best.getString(3).equals(c.kind())) {
                        rightClass++;
                    }
                }
            }
        }
        // 15-16.5 mag, at least 0.8 mag of change: S/N well above 10 on these frames
        assertThat(recovered).as("recovered of %d injected", injected).isGreaterThanOrEqualTo((int) Math.ceil(0.95 * injected));
        assertThat(rightClass).as("right class of %d recovered", recovered).isGreaterThanOrEqualTo(recovered - 1);
        for (Row f : found) {
            assertThat(f.getString(5)).isEqualTo("1991");
            assertThat(f.getString(6)).isEqualTo("1953");
            assertThat(f.getDouble(7)).isCloseTo(1991.7, org.assertj.core.data.Offset.offset(0.01));
            boolean nearTruth = truth.stream().anyMatch(c ->
                    Angles.separationArcsec(c.ra(), c.dec(), f.getDouble(1), f.getDouble(2)) <= radius);
            assertThat(f.getBoolean(4)).isEqualTo(nearTruth);
        }
        // transients away from any injected change: 12 on these two tiles (S_corr 5.0-7.6, none significant in
        // either epoch's forced photometry), against 1 when the 1991 epoch is a single frame (docs/EPOCHS.md)
        long falseOnes = found.stream().filter(f -> !f.getBoolean(4)).count();
        assertThat(falseOnes).as("transients away from any injected change").isLessThanOrEqualTo(injected / 2);
        assertThat(SurveyJob.Tables.read(spark, run.runDir(), "transients").where(col("kind").equalTo("vanished")
                .and(col("injected"))).count()).isPositive();
    }
}
