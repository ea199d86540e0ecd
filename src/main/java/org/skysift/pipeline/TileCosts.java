package org.skysift.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.skysift.config.ConfigException;
import org.skysift.io.HadoopFiles;

/**
 * What a tile is expected to cost, in executor-core seconds: measured by an earlier run
 * ({@code --cost-from RUN_DIR}: its tiles table's finished_at - started_at, each tile's own where the ids
 * match, the median of its ok tiles for the others), else a prior from the tile's area and star density.
 */
public final class TileCosts {
    /** The extraction's work per square degree grows with the stars in it; this many per deg² double it. */
    static final double STARS_PER_DEG2_DOUBLING = 3000;
    /** North galactic pole (J2000), for the prior's star density. */
    private static final double NGP_RA = 192.85948;
    private static final double NGP_DEC = 27.12825;

    private final Map<Long, Double> measured;
    private final double median;
    private final long okTiles;
    private final String from;

    private final double warmupS;
    private final long coldTiles;

    private TileCosts(Map<Long, Double> measured, double median, long okTiles, String from, double warmupS, long coldTiles) {
        this.warmupS = warmupS;
        this.coldTiles = coldTiles;
        this.measured = measured;
        this.median = median;
        this.okTiles = okTiles;
        this.from = from;
    }

    /** No run measured: priors only. */
    public static final TileCosts PRIOR = new TileCosts(Map.of(), Double.NaN, 0, null, 0, 0);

    /**
     * A processed run's tiles table as (tile_id, busy_s, ok), and the JIT warm-up taken off its first tiles.
     * Every tile with both timings counts, failed ones too (they cost their time). The tiles that started
     * before any tile finished ran on cold JVMs (each core's first tile pays the JIT compilation of the tile
     * code: 2-4 s against ~0.5 s warm on this machine); left as measured, they would rank first in the next
     * run's deal, run first again and be cold again. Their cost is their busy time less the warm-up, the
     * median of those first tiles less the median of the others, but not below a typical warm tile (unless
     * they took less even cold). Errors name the folder: no table, a plan's table, no timed ok tile.
     */
    record Busy(Dataset<Row> rows, double warmupS, long coldTiles) {}

    static Busy busy(SparkSession spark, String runDir) {
        String uri = runDir.replaceAll("/+$", "") + "/tiles";
        Dataset<Row> tiles;
        try {
            if (!HadoopFiles.exists(uri, spark.sparkContext().hadoopConfiguration())) {
                throw new ConfigException("--cost-from " + runDir + ": no tiles table (" + uri + ")");
            }
            tiles = spark.read().parquet(HadoopFiles.literal(uri));
        } catch (IOException e) {
            throw new ConfigException("--cost-from " + runDir + ": cannot read " + uri + ": " + e.getMessage(), e);
        }
        if (!Arrays.asList(tiles.columns()).containsAll(List.of("tile_id", "started_at", "finished_at", "status"))) {
            throw new ConfigException("--cost-from " + runDir + ": " + uri + " has no started_at/finished_at/status"
                    + " columns (a plan's tiles table? point at a processed run)");
        }
        spark.sparkContext().setJobDescription("per-tile cost from " + runDir);
        Dataset<Row> timed = tiles.where(col("started_at").isNotNull().and(col("finished_at").isNotNull()))
                .select(col("tile_id"), functions.unix_micros(col("started_at")).as("s"),
                        functions.unix_micros(col("finished_at")).as("f"), col("status").equalTo("ok").as("ok"));
        Row first = timed.agg(functions.min("f")).first();
        if (first.isNullAt(0)) {
            return new Busy(timed.select(col("tile_id"), lit(0.0).as("busy_s"), col("ok")), 0, 0);
        }
        Dataset<Row> raw = timed.select(col("tile_id"), col("f").minus(col("s")).divide(1e6).as("raw"),
                col("s").lt(first.getLong(0)).as("cold"), col("ok"));
        Row m = raw.where(col("ok")).agg(
                functions.expr("percentile(CASE WHEN cold THEN raw END, 0.5)"),
                functions.expr("percentile(CASE WHEN NOT cold THEN raw END, 0.5)"),
                functions.sum(functions.when(col("cold"), 1).otherwise(0))).first();
        boolean both = !m.isNullAt(0) && !m.isNullAt(1);
        double warmup = both ? Math.max(0, m.getDouble(0) - m.getDouble(1)) : 0;
        double typical = both ? m.getDouble(1) : 0;
        Column corrected = functions.when(col("cold"), functions.greatest(col("raw").minus(warmup),
                functions.least(col("raw"), lit(typical)))).otherwise(col("raw"));
        return new Busy(raw.select(col("tile_id"), functions.greatest(corrected, lit(0.0)).as("busy_s"), col("ok")),
                warmup, m.isNullAt(2) ? 0 : m.getLong(2));
    }

    /** The median busy seconds of the run's ok tiles and how many they are (one row to the driver). */
    static double[] median(SparkSession spark, String runDir, Dataset<Row> busy) {
        spark.sparkContext().setJobDescription("per-tile cost from " + runDir);
        Row r = busy.where(col("ok")).agg(functions.expr("percentile(busy_s, 0.5)"), count(lit(1))).first();
        if (r.getLong(1) == 0) {
            throw new ConfigException("--cost-from " + runDir + ": " + runDir.replaceAll("/+$", "") + "/tiles has no ok"
                    + " tile with timings");
        }
        return new double[] {r.getDouble(0), r.getLong(1)};
    }

    /** Each tile's measured cost from a processed run (one pair per tile reaches the driver: fine for 10^5 tiles). */
    public static TileCosts measured(SparkSession spark, String runDir) {
        Busy busy = busy(spark, runDir);
        double[] m = median(spark, runDir, busy.rows());
        Map<Long, Double> perTile = new HashMap<>();
        for (Row r : busy.rows().select("tile_id", "busy_s").collectAsList()) {
            perTile.put(r.getLong(0), Math.max(0, r.getDouble(1)));
        }
        return new TileCosts(perTile, m[0], (long) m[1], runDir, busy.warmupS(), busy.coldTiles());
    }

    public boolean isMeasured() {
        return from != null;
    }

    /** The tile's expected cost: its measured busy time, else the measured median, else its prior. */
    double of(long tileId, double prior) {
        Double own = measured.get(tileId);
        if (own != null) {
            return own;
        }
        return isMeasured() ? median : prior;
    }

    /** How many of these tiles the earlier run measured. */
    long matched(long[] tileIds) {
        return Arrays.stream(tileIds).filter(measured::containsKey).count();
    }

    String describe() {
        return isMeasured() ? String.format(Locale.ROOT, "busy times of %s (median of %d ok tiles %.2f s for tiles it did"
                + " not have; its %d first tiles less %.2f s of JIT warm-up)", from, okTiles, median, coldTiles, warmupS)
                : "prior: tile area x star density";
    }

    /**
     * A tile's relative cost before any run measured it: its area times (1 + stars per deg² / 3000). Stars per
     * deg² are the reference rows in its cone when the reference is joined to the tiles, else starDensity
     * (the synthetic sky's, uniform), else (NaN: a real sky) 3000 scaled by the cosecant of the galactic
     * latitude, capped at 10 (a plane-parallel disc seen through: the plane's tiles cost the most).
     */
    static double prior(TileWork w, double starDensity) {
        var t = w.request().tile();
        double area = t.widthArcmin() * t.heightArcmin() / 3600.0;
        double density;
        if (w.refs() != null) {
            double coneDeg2 = Math.PI * t.halfDiagonalDeg() * t.halfDiagonalDeg();
            density = w.refs().size() / Math.max(coneDeg2, 1e-9);
        } else if (!Double.isNaN(starDensity)) {
            density = starDensity;
        } else {
            double sinB = Math.abs(galacticSinLatitude(t.ra(), t.dec()));
            density = STARS_PER_DEG2_DOUBLING * Math.min(10, 1 / Math.max(sinB, 0.1));
        }
        return area * (1 + density / STARS_PER_DEG2_DOUBLING);
    }

    /** sin(b) of a J2000 position. */
    static double galacticSinLatitude(double raDeg, double decDeg) {
        double d = Math.toRadians(decDeg);
        double p = Math.toRadians(NGP_DEC);
        return Math.sin(d) * Math.sin(p) + Math.cos(d) * Math.cos(p) * Math.cos(Math.toRadians(raDeg - NGP_RA));
    }
}
