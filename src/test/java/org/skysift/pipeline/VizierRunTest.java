package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.catalog.FakeVizier;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.EpochPropagation;
import org.skysift.sky.Hex30Tiling;
import org.skysift.sky.Tile;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.SyntheticStar;
import org.skysift.testing.SparkSessionExtension;
import org.skysift.testing.TestConfigs;

/**
 * The survey job against a VizieR stand-in serving the synthetic sky as Gaia DR3 would: positions at
 * 2016.0, and one star in ten moving fast enough (400 mas/yr, ~25" since the 1950s plates) that it
 * only matches when moved back to the plate epoch.
 */
@ExtendWith(SparkSessionExtension.class)
class VizierRunTest {
    private static final double PM = 400;

    private static String config(Path dir, String runId, String endpoint, boolean propagate) {
        return String.join("\n", "run_id: " + runId, "output: " + dir.resolve("out").toUri(),
                "targets: {kind: fibonacci, count: 1, seed: 9}", "tiling: {tile_arcmin: 20}",
                "synthetic: {vanished_density: 40}",
                "reference: {kind: vizier, catalog: gaiadr3, endpoint: '" + endpoint + "', max_rows: 300, propagate: "
                        + propagate + ", cache: '" + dir.resolve("cache").toUri() + "'}",
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}", TestConfigs.NO_REPORTS);
    }

    @Test
    void vizierReferenceWithProperMotionsMovedToThePlateEpoch(SparkSession spark, @TempDir Path dir) throws IOException {
        SkySiftConfig base = ConfigLoader.fromYamlString(config(dir, "x", "http://127.0.0.1:1", true));
        double[] p = org.skysift.sky.FibonacciSphere.point(0, 1, 9);
        Tile tile = new Hex30Tiling(20).tileFor(p[0], p[1]);
        SyntheticSky sky = Stages.sky(base);
        RenderedTile plate = SyntheticRenderer.render(tile, sky);
        List<FakeVizier.Star> stars = new ArrayList<>();
        long id = 1;
        for (SyntheticStar s : sky.cone(tile.ra(), tile.dec(), 0.5)) {
            if (s.vanished()) {
                continue;
            }
            boolean fast = id % 10 == 0;
            var at2016 = EpochPropagation.propagate(s.ra(), s.dec(), fast ? PM : 0, fast ? -PM : 0, plate.epoch(), 2016.0);
            stars.add(new FakeVizier.Star(id++, at2016.ra(), at2016.dec(), fast ? PM : 0, fast ? -PM : 0, s.mag()));
        }
        try (FakeVizier vizier = new FakeVizier(stars)) {
            String endpoint = vizier.endpoint("sky");
            var moved = SurveyJob.run(spark, ConfigLoader.fromYamlString(config(dir, "moved", endpoint, true)));
            int requests = vizier.requests.size();
            assertThat(requests).isGreaterThan(1); // the cap of 300 rows made it split the cone
            var still = SurveyJob.run(spark, ConfigLoader.fromYamlString(config(dir, "still", endpoint, false)));
            assertThat(vizier.requests).hasSize(requests); // the second run read the cached cone

            assertThat(moved.summary().tilesOk()).isEqualTo(1);
            var tileRow = SurveyJob.Tables.read(spark, moved.runDir(), "tiles").first();
            assertThat(tileRow.getInt(tileRow.fieldIndex("n_reference"))).isGreaterThan(300);
            assertThat(tileRow.getInt(tileRow.fieldIndex("ref_malformed_rows"))).isZero();
            assertThat(moved.summary().json().path("input_problems").path("reference_malformed_rows").asLong()).isZero();
            assertThat(moved.summary().recall()).isGreaterThanOrEqualTo(0.9);
            assertThat(moved.summary().precision()).isGreaterThanOrEqualTo(0.9);
            var matches = SurveyJob.Tables.read(spark, moved.runDir(), "matches");
            assertThat(matches.filter(col("ref_catalog").notEqual("gaiadr3")).count()).isZero();
            // every Gaia row is moved (zero motion moves nowhere); the fast ones are the ids divisible by ten
            assertThat(matches.filter(col("position_epoch").isNull().or(col("ref_epoch").notEqual(2016.0))).count()).isZero();
            long fastMatched = matches.filter(col("ref_id").cast("long").mod(10).equalTo(0)).count();
            assertThat(fastMatched).isGreaterThan(10);
            assertThat(matches.filter(col("sep_arcsec").gt(5.0)).count()).isZero();

            // without propagation the fast movers are 25" away: they lose their matches and turn into false candidates
            long stillFast = SurveyJob.Tables.read(spark, still.runDir(), "matches")
                    .filter(col("ref_id").cast("long").mod(10).equalTo(0)).count();
            assertThat(stillFast).isLessThan(fastMatched / 10);
            assertThat(still.summary().precision()).isLessThan(moved.summary().precision());
        }
    }
}
