package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.ImageCache;
import org.skysift.acquire.ImageService;
import org.skysift.cli.SkySift;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.sky.Angles;
import org.skysift.sky.FibonacciSphere;
import org.skysift.sky.Hex30Tiling;
import org.skysift.sky.Tile;
import org.skysift.testing.SparkSessionExtension;

/** skysift plan on a few thousand Fibonacci targets, with two of its images in a temporary image cache. */
@ExtendWith(SparkSessionExtension.class)
class SurveyPlanTest {
    private static final int TARGETS = 2000;
    private static final long SEED = 11;
    private static final double TILE_ARCMIN = 480;
    private static final String ENDPOINT = "http://127.0.0.1:9/cutouts";

    @Test
    void planWritesTheTilingTheCacheStateAndTheProjectedCost(SparkSession spark, @TempDir Path dir) throws IOException {
        String yaml = String.join("\n", "run_id: p1", "output: " + dir.resolve("out").toUri(),
                "targets: {kind: fibonacci, count: " + TARGETS + ", seed: " + SEED + "}",
                "tiling: {tile_arcmin: " + TILE_ARCMIN + "}",
                "image: {source: dss, fallback: [hips2fits], pixel_scale_arcsec: 10, endpoint: '" + ENDPOINT + "', cache: '"
                        + dir.resolve("cache").toUri() + "'}");
        Path configFile = dir.resolve("plan.yaml");
        Files.writeString(configFile, yaml);
        Configuration hconf = spark.sparkContext().hadoopConfiguration();

        // the tiling worked out here target by target, to compare with what the executors grouped
        Hex30Tiling tiling = new Hex30Tiling(TILE_ARCMIN);
        Map<Long, Integer> perTile = new HashMap<>();
        for (long i = 0; i < TARGETS; i++) {
            double[] p = FibonacciSphere.point(i, TARGETS, SEED);
            perTile.merge(tiling.tileIdFor(p[0], p[1]), 1, Integer::sum);
        }
        List<Long> ids = new ArrayList<>(perTile.keySet());
        ids.sort(null);

        // two planned tiles' images in the cache; a third without its sidecar and an image of another size do not count
        var cfg = ConfigLoader.fromYamlString(yaml).withLocations(org.skysift.io.HadoopFiles::qualify);
        // dss serves at most 60': the 480' tiles go to the fallback, where their cached images are
        List<ImageService> services = Stages.httpSource(cfg, hconf).services();
        assertThat(services.get(0).name()).isEqualTo("dss");
        ImageService service = services.get(1);
        ImageCache cache = new ImageCache(cfg.image().cache(), hconf);
        byte[] image = "not really FITS".getBytes(StandardCharsets.US_ASCII);
        for (long id : List.of(ids.get(0), ids.get(5))) {
            cache.store(service.name(), service.survey(), ImageCache.key(tiling.tile(id)), image);
        }
        org.apache.hadoop.fs.Path bare = cache.pathOf(service.name(), service.survey(), ImageCache.key(tiling.tile(ids.get(9))));
        Files.createDirectories(Path.of(bare.toUri()).getParent());
        Files.write(Path.of(bare.toUri()), image);
        Tile other = tiling.tile(ids.get(1)); // the same tile at another size is another image
        cache.store(service.name(), service.survey(), ImageCache.key(new Tile(other.id(), other.ra(), other.dec(), 60, 60)), image);

        // a processed run's tiles table, five of its ok tiles planned again: busy 1, 2, 3.5, 4 and 30 s (median 3.5),
        // a failed one planned again (100 s: it costs its time too), one not planned, one without timings
        Path costRun = dir.resolve("earlier");
        StructType schema = new StructType().add("tile_id", DataTypes.LongType).add("status", DataTypes.StringType)
                .add("started_at", DataTypes.TimestampType).add("finished_at", DataTypes.TimestampType);
        List<Row> rows = new ArrayList<>();
        long t0 = 1_700_000_000_000L;
        double[] busy = {1, 2, 3.5, 4, 30};
        for (int i = 0; i < busy.length; i++) {
            rows.add(RowFactory.create(ids.get(i), "ok", new Timestamp(t0), new Timestamp(t0 + Math.round(busy[i] * 1000))));
        }
        rows.add(RowFactory.create(ids.get(6), "failed", new Timestamp(t0), new Timestamp(t0 + 100_000)));
        rows.add(RowFactory.create(-1L, "ok", new Timestamp(t0), new Timestamp(t0 + 3_500)));
        rows.add(RowFactory.create(ids.get(7), "ok", new Timestamp(t0), null));
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(costRun.resolve("tiles").toUri().toString());

        int code = SkySift.execute("plan", "--config", configFile.toString(), "--cores", "3", "--cost-from",
                costRun.toUri().toString());
        assertThat(code).isEqualTo(SkySift.OK);
        String runDir = dir.resolve("out").resolve("p1").toUri().toString();

        // tiles as the tiling gives them; every target in exactly one tile, and inside it
        var tiles = SurveyJob.Tables.read(spark, runDir, "tiles");
        var targets = SurveyJob.Tables.read(spark, runDir, "targets");
        assertThat(targets.count()).isEqualTo(TARGETS);
        Map<Long, Long> planned = new HashMap<>();
        for (Row r : tiles.select("tile_id", "n_targets").collectAsList()) {
            assertThat(planned.put(r.getLong(0), r.getLong(1))).as("tile %d listed twice", r.getLong(0)).isNull();
        }
        assertThat(planned).hasSize(perTile.size());
        perTile.forEach((id, n) -> assertThat(planned.get(id)).as("targets in tile %d", id).isEqualTo((long) n));
        List<Row> placed = targets.join(tiles, "tile_id").select("ra", "dec", "ra_center", "dec_center", "width_arcmin")
                .collectAsList();
        assertThat(placed).hasSize(TARGETS);
        for (Row r : placed) {
            double halfDiagonalDeg = r.getDouble(4) * Math.sqrt(2) / 120;
            assertThat(Angles.separationDeg(r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)))
                    .isLessThanOrEqualTo(halfDiagonalDeg);
        }

        // what each tile would fetch, and where it sits in the cache
        Row first = tiles.where("tile_id = " + ids.get(0)).select("image_uri", "image_cache_path", "image_cached",
                "status", "reference_radius_deg").first();
        Tile t = tiling.tile(ids.get(0));
        assertThat(first.getString(0)).isEqualTo(service.url(t).toString()).startsWith(ENDPOINT);
        assertThat(first.getString(1)).isEqualTo(cache.pathOf(service.name(), service.survey(), ImageCache.key(t)).toString());
        assertThat(first.getBoolean(2)).isTrue();
        assertThat(first.getString(3)).isEqualTo("planned");
        assertThat(first.getDouble(4)).isCloseTo(t.halfDiagonalDeg() + (5.0 + CandidateStage.NEAREST_SEARCH_ARCSEC) / 3600,
                within(1e-12));
        assertThat(tiles.where("image_cached").count()).isEqualTo(2);

        JsonNode plan = ConfigLoader.json().readTree(dir.resolve("out/p1/plan.json").toFile());
        long n = perTile.size();
        assertThat(plan.path("tiles").asLong()).isEqualTo(n);
        assertThat(plan.path("targets").asLong()).isEqualTo(TARGETS);
        assertThat(plan.path("sky_area_deg2").asDouble()).isCloseTo(n * t.widthArcmin() * t.heightArcmin() / 3600, within(1e-3));
        assertThat(plan.path("images").path("cached").asLong()).isEqualTo(2);
        assertThat(plan.path("images").path("to_fetch").asLong()).isEqualTo(n - 2);
        assertThat(plan.path("reference").path("cones").asLong()).isEqualTo(n);
        JsonNode cost = plan.path("cost");
        // each planned tile its own measured time where the earlier run has it, the median (3.5 s) for the rest
        double tileSeconds = 1 + 2 + 3.5 + 4 + 30 + 100 + (n - 6) * 3.5;
        assertThat(cost.path("per_tile_s").asDouble()).isEqualTo(3.5);
        assertThat(cost.path("tiles_measured").asLong()).isEqualTo(6);
        assertThat(cost.path("tile_seconds").asDouble()).isCloseTo(tileSeconds, within(1e-3));
        assertThat(cost.path("longest_tile_s").asDouble()).isEqualTo(100);
        assertThat(cost.path("cores").asInt()).isEqualTo(3);
        assertThat(cost.path("core_hours").asDouble()).isCloseTo(tileSeconds / 3600, within(1e-4));
        assertThat(cost.path("wall_s").asDouble()).isCloseTo(40 + tileSeconds / 3 + 2 * 100 / 3.0, within(0.05));
        assertThat(Files.readString(dir.resolve("out/p1/plan.md")))
                .contains(String.format(java.util.Locale.ROOT, "%,d to fetch (dss, hips2fits), 2 already in the image cache", n - 2));

        // run --from process refuses to start while images are missing from the cache, and says how many
        var work = SurveyWork.fromTable(spark, cfg, runDir);
        assertThatThrownBy(() -> AcquireStep.requireCachedImages(spark, work.work(), cfg, new HadoopConf(hconf)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--from process: " + (n - 2) + " tiles' images are"
                        + " not in the image cache");

        // the run's partitions follow the deal: each tile once, in its dealt partition, costliest first; the
        // 100 s and 30 s tiles alone in the first two tasks; a tile resumed from a checkpoint is left out
        TileCosts measured = TileCosts.measured(spark, costRun.toUri().toString());
        var priors = TilePartitioner.priors(work.work(), cfg);
        assertThat(priors.size()).isEqualTo((int) n);
        long resumed = ids.get(2);
        TilePartitioner.Arranged arranged = TilePartitioner.arrange(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()),
                work.work().filter(w -> w.request().tile().id() != resumed), priors, List.of(resumed), measured, 2);
        assertThat(arranged.measured()).isEqualTo(5);
        TileDeal deal = arranged.deal();
        List<List<TileWork>> parts = arranged.work().glom().collect();
        assertThat(parts).hasSize(deal.partitions()).hasSize((int) Math.max(Math.ceil((n - 1) / 2.0), 4.0 * arranged.cores()));
        List<Long> seen = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            int lastRank = -1;
            for (TileWork w : parts.get(p)) {
                long id = w.request().tile().id();
                seen.add(id);
                assertThat(deal.partition(id)).as("tile %d", id).isEqualTo(p);
                assertThat(deal.rank(id)).isGreaterThan(lastRank);
                lastRank = deal.rank(id);
            }
        }
        assertThat(seen).hasSize((int) n - 1).doesNotHaveDuplicates().doesNotContain(ids.get(2));
        assertThat(parts.get(0)).extracting(w -> w.request().tile().id()).containsExactly(ids.get(6));
        assertThat(parts.get(1)).extracting(w -> w.request().tile().id()).containsExactly(ids.get(4));
        work.targets().unpersist();

        // a plan's own tiles table has no timings to cost a run from
        assertThatThrownBy(() -> TileCosts.measured(spark, runDir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("has no started_at/finished_at/status");
    }
}
