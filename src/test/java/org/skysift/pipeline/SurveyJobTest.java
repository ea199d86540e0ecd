package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.skysift.config.ConfigException;
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
    /** The second run's folder after --until process: which files were there. */
    List<String> afterProcess;

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
        // the second run goes in steps on its folder: plan, acquire, process, then report on (the same tables)
        SurveyPlan.run(spark, config("second"), null, null, System.out);
        SkySiftConfig q = config("second").withLocations(org.skysift.io.HadoopFiles::qualify);
        AcquireStep.run(spark, q, RunSteps.of("acquire", "acquire"), SurveyJob.runDir(q, "second"), System.out);
        SurveyJob.Result processed = SurveyJob.run(spark, config("second"), null, System.out, RunSteps.of("process", "process"));
        assertThat(processed.summary()).isNull();
        afterProcess = new java.util.ArrayList<>();
        for (String f : List.of("summary.json", "manifest.json", "report.html", "plots", "steps/process.json", "_checkpoint",
                "cutouts")) {
            if (Files.exists(out.resolve("second").resolve(f))) {
                afterProcess.add(f);
            }
        }
        second = SurveyJob.run(spark, config("second"), null, System.out, RunSteps.of("report", null));
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
        // a single-epoch run pays for no epoch table
        for (String t : SurveyJob.Tables.EPOCH_NAMES) {
            assertThat(dir.resolve(t)).doesNotExist();
        }
        for (String f : List.of("summary.json", "summary.md", "manifest.json")) {
            assertThat(dir.resolve(f)).isRegularFile();
        }
        JsonNode summary = ConfigLoader.json().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.path("tiles").path("ok").asLong()).isEqualTo(table(spark, first, "tiles").count());
        assertThat(summary.path("tiles").path("failed").asLong()).isZero();
        assertThat(summary.path("counts").path("sources").asLong()).isEqualTo(table(spark, first, "sources").count());
        assertThat(summary.path("counts").path("targets").asLong()).isEqualTo(5);
        assertThat(summary.path("counts").has("transients")).isFalse();
        assertThat(table(spark, first, "tiles").where(col("n_epochs").isNotNull().or(col("n_transients").isNotNull())
                .or(col("epoch_problems").isNotNull()).or(col("epochs_ms").notEqual(0))).count()).isZero();
        Dataset<Row> injections = table(spark, first, "injections");
        assertThat(summary.path("injection").path("injected").asLong()).isEqualTo(injections.count());
        assertThat(summary.path("injection").path("recovered").asLong())
                .isEqualTo(injections.filter(col("recovered")).count());
        assertThat(summary.path("injection").path("candidates").asLong()).isEqualTo(table(spark, first, "candidates").count());
        assertThat(summary.path("validators").path("within5").path("ok").asBoolean()).isTrue();
        assertThat(summary.path("validators").path("within5").path("max_sep_arcsec").asDouble()).isBetween(0.0, 5.05);
        assertThat(summary.path("funnel").path("unmatched").asLong())
                .isGreaterThanOrEqualTo(summary.path("funnel").path("edge").asLong());

        JsonNode manifest = ConfigLoader.json().readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.path("config").path("targets").path("count").asLong()).isEqualTo(5);
        // every file of the folder but the manifest and Hadoop's bookkeeping (.crc, _SUCCESS), each once
        List<String> listed = new java.util.ArrayList<>();
        for (JsonNode f : manifest.path("files")) {
            Path p = dir.resolve(f.path("path").asText());
            assertThat(Sha256.hex(Files.readAllBytes(p))).isEqualTo(f.path("sha256").asText());
            listed.add(f.path("path").asText());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(org.skysift.testing.RunFolder.files(dir))
                .contains("summary.json", "summary.md");
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
        // each recovered injected star names its candidate
        Dataset<Row> recovered = table(spark, first, "injections").filter(col("recovered")).select("tile_id", "source_id");
        assertThat(recovered.count()).isEqualTo(Math.round(first.summary().recall() * table(spark, first, "injections").count()));
        assertThat(recovered.except(candidates.select("tile_id", "source_id")).count()).isZero();
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

    /**
     * The injections table against the synthetic sky itself: every row is a vanished star of the sky within
     * its tile, and every vanished star well inside a tile (1.5' from its inscribed circle's edge, beyond
     * the 20 px edge margin) is a row.
     */
    @Test
    void theInjectionsAreTheSkysVanishedStarsOnEachTile(SparkSession spark) {
        org.skysift.synth.SyntheticSky sky = Stages.sky(config("first"));
        List<Row> tiles = table(spark, first, "tiles")
                .select("tile_id", "ra_center", "dec_center", "width_arcmin", "height_arcmin").collectAsList();
        List<Row> rows = table(spark, first, "injections").select("tile_id", "ra", "dec", "mag").collectAsList();
        int inside = 0;
        for (Row t : tiles) {
            double ra = t.getDouble(1), dec = t.getDouble(2);
            var tile = new org.skysift.sky.Tile(t.getLong(0), ra, dec, t.getDouble(3), t.getDouble(4));
            List<String> onTile = rows.stream().filter(r -> r.getLong(0) == tile.id())
                    .map(r -> r.getDouble(1) + " " + r.getDouble(2) + " " + r.getDouble(3)).toList();
            List<String> wellInside = vanished(sky, ra, dec, Math.min(tile.widthArcmin(), tile.heightArcmin()) / 120 - 1.5 / 60);
            List<String> anywhere = vanished(sky, ra, dec, tile.halfDiagonalDeg() + 1e-3);
            assertThat(onTile).as("tile %d", tile.id()).doesNotHaveDuplicates().containsAll(wellInside);
            assertThat(anywhere).as("tile %d", tile.id()).containsAll(onTile);
            inside += wellInside.size();
        }
        assertThat(inside).as("vanished stars well inside the tiles").isGreaterThanOrEqualTo(5);
    }

    private static List<String> vanished(org.skysift.synth.SyntheticSky sky, double ra, double dec, double radiusDeg) {
        return sky.cone(ra, dec, radiusDeg).stream().filter(org.skysift.synth.SyntheticStar::vanished)
                .map(s -> s.ra() + " " + s.dec() + " " + s.mag()).toList();
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

    @Test
    void theSecondRunsStepsEachLeftTheirSectionInTheManifestAndCheckedTheirInputs(SparkSession spark) throws IOException {
        JsonNode steps = ConfigLoader.json().readTree(out.resolve("second/manifest.json").toFile()).path("steps");
        assertThat(steps.fieldNames()).toIterable().containsExactly("plan", "acquire", "process", "report");
        long tiles = table(spark, second, "tiles").count();
        assertThat(steps.path("plan").path("counts").path("tiles").asLong()).isEqualTo(tiles);
        assertThat(steps.path("acquire").path("counts").path("tiles").asLong()).isEqualTo(tiles);
        assertThat(steps.path("acquire").path("counts").path("images").asLong()).isZero(); // rendered: nothing to fetch
        assertThat(steps.path("process").path("counts").path("tiles_ok").asLong()).isEqualTo(second.summary().tilesOk());
        assertThat(steps.path("process").path("counts").path("sources").asLong())
                .isEqualTo(table(spark, second, "sources").count()).isPositive();
        assertThat(steps.path("report").path("seconds").asDouble()).isNotNegative();
        // --until process left the tables (and the stamps the tiles made), no summary, report or manifest
        assertThat(afterProcess).containsExactly("steps/process.json", "cutouts");
        // its counts, worked out without a summary, and the report made from its tables equal the whole run's
        JsonNode whole = ConfigLoader.json().readTree(out.resolve("first/summary.json").toFile());
        assertThat(whole.path("counts").size()).isEqualTo(SurveyJob.Tables.NAMES.size());
        whole.path("counts").fields().forEachRemaining(e -> assertThat(steps.path("process").path("counts")
                .path(e.getKey()).asLong()).as(e.getKey()).isEqualTo(e.getValue().asLong()));
        assertThat(steps.path("process").path("counts").path("tiles_ok").asLong()).isEqualTo(whole.path("tiles").path("ok").asLong());
        assertThat(second.summary().json().path("counts").toString()).isEqualTo(whole.path("counts").toString());
        assertThat(second.summary().json().path("work").toString()).isEqualTo(whole.path("work").toString());
        assertThat(steps.path("report").path("counts").path("sources").asLong()).isEqualTo(whole.path("counts").path("sources").asLong());
        assertThat(manifestFiles("second")).containsExactlyInAnyOrderElementsOf(manifestFiles("first"))
                .contains("report.html", "summary.json", "plots/plots.json");
        // a run in one go has no step sections
        assertThat(ConfigLoader.json().readTree(out.resolve("first/manifest.json").toFile()).has("steps")).isFalse();

        var hconf = spark.sparkContext().hadoopConfiguration();
        SkySiftConfig other = ConfigLoader.fromYamlString(String.join("\n", "run_id: second", "output: " + out.toUri(),
                "targets: {kind: fibonacci, count: 6, seed: 3}")).withLocations(org.skysift.io.HadoopFiles::qualify);
        assertThatThrownBy(() -> AcquireStep.checkInputs(RunSteps.Step.PROCESS, other, second.runDir(), hconf))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the config differs from the one");
        // a plan would replace a finished run's tables: refused
        assertThatThrownBy(() -> SurveyPlan.run(spark, config("first"), null, null, System.out))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is finished: a plan would replace");
        String empty = out.resolve("never-planned").toUri().toString();
        assertThatThrownBy(() -> AcquireStep.checkInputs(RunSteps.Step.PROCESS, other, empty, hconf))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--from process: " + empty + "/targets is missing");
        assertThatThrownBy(() -> ReportStep.checkInputs(other, empty, hconf)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--from report: " + empty + "/targets is missing (an input of this step, written by"
                        + " an earlier one: run --until process on this run id first)");
    }

    /**
     * The files a run's manifest lists, less the plan's and the steps' own (only a run in steps has them), with
     * the write's random id taken out of the tables' part file names.
     */
    private static List<String> manifestFiles(String run) throws IOException {
        List<String> files = new java.util.ArrayList<>();
        for (JsonNode f : ConfigLoader.json().readTree(out.resolve(run + "/manifest.json").toFile()).path("files")) {
            String p = f.path("path").asText();
            if (!p.startsWith("steps/") && !p.startsWith("plan.")) {
                files.add(p.replaceAll("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", ""));
            }
        }
        return files;
    }

    /**
     * The steps run alone write into the run folder like a whole run: they probe the folders first and take the
     * folder's lock (refused while another run holds it, released when they end). Refused before any Spark job.
     */
    @Test
    void planAndAcquireAloneProbeTheOutputAndTakeTheRunLock(SparkSession spark) throws IOException {
        var hconf = spark.sparkContext().hadoopConfiguration();
        // the steps of runTwice left no lock behind
        assertThat(out.resolve("second/" + org.skysift.pipeline.resume.RunLock.FILE)).doesNotExist();

        SkySiftConfig held = config("held").withLocations(org.skysift.io.HadoopFiles::qualify);
        String heldDir = SurveyJob.runDir(held, "held");
        try (var lock = org.skysift.pipeline.resume.RunLock.acquire(heldDir, "held", java.time.Duration.ofMinutes(30), hconf)) {
            assertThatThrownBy(() -> SurveyPlan.run(spark, config("held"), null, null, System.out))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("run folder " + heldDir + " is in use by run held");
            assertThatThrownBy(() -> AcquireStep.run(spark, held, RunSteps.of("acquire", "acquire"), heldDir, System.out))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("run folder " + heldDir + " is in use by run held");
            assertThatThrownBy(() -> AcquireStep.run(spark, held, RunSteps.of(null, "acquire"), heldDir, System.out))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("run folder " + heldDir + " is in use by run held");
            // the holder's lock is untouched and nothing was planned into its folder
            assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(java.nio.file.Files.readString(out.resolve("held/" + org.skysift.pipeline.resume.RunLock.FILE)))
                    .contains("\"pid\":" + ProcessHandle.current().pid());
            assertThat(out.resolve("held/targets")).doesNotExist();
        }

        java.nio.file.Path file = java.nio.file.Files.writeString(out.resolve("a-file"), "not a folder");
        String under = file.toUri() + "/out";
        SkySiftConfig blocked = ConfigLoader.fromYamlString(String.join("\n", "run_id: blocked", "output: " + under,
                "targets: {kind: fibonacci, count: 5, seed: 3}", "tiling: {tile_arcmin: 30}"));
        SkySiftConfig q = blocked.withLocations(org.skysift.io.HadoopFiles::qualify);
        String expected = "output " + q.output() + ": cannot write there: " + file.toUri().toString().replace("file:///", "file:/")
                + " is a file, not a folder";
        assertThatThrownBy(() -> SurveyPlan.run(spark, blocked, null, null, System.out))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(expected);
        assertThatThrownBy(() -> AcquireStep.run(spark, q, RunSteps.of("acquire", "acquire"), SurveyJob.runDir(q, "blocked"),
                System.out)).isInstanceOf(ConfigException.class).hasMessageStartingWith(expected);
    }

    /** Small runs of a named target list and of a region: 15' tiles, no report outputs. */
    private static String smallRun(String runId, String targets) {
        return String.join("\n",
                "run_id: " + runId,
                "output: " + out.toUri(),
                "targets: " + targets,
                "tiling: {tile_arcmin: 15}",
                "synthetic: {vanished_density: 400}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}",
                "report: {plots: false, cutouts: false, html: false, dashboard: false, hats: false}");
    }

    @Test
    void namedSexagesimalTargetsNameTheirCandidates(SparkSession spark) throws IOException {
        Path csv = out.resolve("named.csv");
        Files.writeString(csv, String.join("\n",
                "Name,RAJ2000,DEJ2000",
                "M31,00:42:44.3,+41:16:09",
                "\"NGC 224, east\",00 42 54.0,+41 16 09",
                "Gaia DR3 1234567890,10h42m44.2s,-00d30m00s",
                "broken,25:00:00,+10:00:00",
                ""));
        SurveyJob.Result r = SurveyJob.run(spark, ConfigLoader.fromYamlString(
                smallRun("named", "{kind: csv, path: '" + csv.toUri() + "'}")));

        List<Row> targets = table(spark, r, "targets").orderBy("input_line")
                .select("target_id", "name", "ra", "dec", "tile_id", "input_line").collectAsList();
        assertThat(targets).extracting(t -> t.getString(1)).containsExactly("M31", "NGC 224, east", "Gaia DR3 1234567890");
        // no numeric id column: target_id is the line number
        assertThat(targets).extracting(t -> t.getLong(0)).containsExactly(2L, 3L, 4L);
        assertThat(targets.get(0).getDouble(2)).isCloseTo(15 * (42 / 60.0 + 44.3 / 3600), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(targets.get(0).getDouble(3)).isCloseTo(41 + 16 / 60.0 + 9 / 3600.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(targets.get(2).getDouble(2)).isCloseTo(15 * (10 + 42 / 60.0 + 44.2 / 3600), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(targets.get(2).getDouble(3)).isCloseTo(-0.5, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(targets.get(1).getLong(4)).as("M31 and its neighbour 1.8' east share a tile").isEqualTo(targets.get(0).getLong(4));

        JsonNode problems = ConfigLoader.json().readTree(out.resolve("named/summary.json").toFile()).path("input_problems");
        assertThat(problems.path("skipped_rows").asLong()).isEqualTo(1);
        assertThat(problems.path("first").get(0).asText())
                .endsWith("named.csv line 5: ra '25:00:00': outside [0, 24] hours");

        List<Row> candidates = table(spark, r, "candidates").select("tile_id", "ra", "dec", "target_name").collectAsList();
        assertThat(candidates).hasSizeGreaterThan(5);
        for (Row c : candidates) {
            // the name of the nearest of the tile's targets, worked out here from the targets table
            String nearest = null;
            double best = Double.POSITIVE_INFINITY;
            for (Row t : targets) {
                double sep = org.skysift.sky.Angles.separationDeg(c.getDouble(1), c.getDouble(2), t.getDouble(2), t.getDouble(3));
                if (t.getLong(4) == c.getLong(0) && sep < best) {
                    best = sep;
                    nearest = t.getString(1);
                }
            }
            assertThat(c.getString(3)).as("candidate at (%f, %f)", c.getDouble(1), c.getDouble(2)).isEqualTo(nearest);
        }
        assertThat(candidates).extracting(c -> c.getString(3)).contains("M31", "NGC 224, east", "Gaia DR3 1234567890");
    }

    @Test
    void aConeRunProcessesTheTilesItNeeds(SparkSession spark) {
        SurveyJob.Result r = SurveyJob.run(spark, ConfigLoader.fromYamlString(
                smallRun("cone", "{kind: cone, ra: 359.95, dec: 2.0, radius_deg: 0.1}")));
        Dataset<Row> targets = table(spark, r, "targets");
        Dataset<Row> tiles = table(spark, r, "tiles");
        org.skysift.sky.Hex30Tiling tiling = new org.skysift.sky.Hex30Tiling(15);
        assertThat(targets.filter(col("origin").notEqual("cone").or(col("name").isNotNull())).count()).isZero();
        assertThat(tiles.filter(col("n_targets").notEqual(1)).count()).isZero();
        List<Long> ids = tiles.select("tile_id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
        assertThat(ids).hasSize((int) targets.count()).hasSizeBetween(2, 9)
                .contains(tiling.tileIdFor(359.95, 2.0), tiling.tileIdFor(0.03, 2.0), tiling.tileIdFor(359.87, 2.0));
        for (long id : ids) {
            org.skysift.sky.Tile t = tiling.tile(id);
            // a tile reaching the cone has its centre within radius + half-diagonal of the cone's
            assertThat(org.skysift.sky.Angles.separationDeg(359.95, 2.0, t.ra(), t.dec())).isLessThan(0.1 + t.halfDiagonalDeg());
        }
        assertThat(table(spark, r, "candidates").filter(col("target_name").isNotNull()).count()).isZero();
        assertThat(tiles.filter(col("status").notEqual("ok")).count()).isZero();
    }
}
