package org.skysift.pipeline;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skysift.catalog.RefStar;
import org.skysift.config.ConfigException;
import org.skysift.io.HadoopFiles;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Angles;
import org.skysift.sky.Healpix;
import scala.Tuple2;

/**
 * A reference catalog too large for one executor's memory, handed to the tiles with a HEALPix
 * join on Spark: every reference row goes to its order-{@value #ORDER} pixel, every tile to the
 * pixels its search cone touches (an inclusive disc query), the two meet on the pixel and the exact
 * separation keeps the rows inside each tile's cone. No row ever crosses the driver.
 */
final class ReferenceJoin {
    /** ~0.92 degree pixels: a 60' tile's cone touches about ten of them. */
    static final int ORDER = 6;

    private ReferenceJoin() {}

    /** Whether reference.kind=files should go through the join (distributed: always | never | auto by size). */
    static boolean wanted(SkySiftConfig c, Configuration conf) {
        var r = c.reference();
        if (!r.kind().equals("files") || r.distributed().equals("never")) {
            return false;
        }
        if (r.distributed().equals("always")) {
            return true;
        }
        try {
            Path p = new Path(r.path());
            long bytes = p.getFileSystem(conf).getContentSummary(p).getLength();
            return bytes > r.inMemoryMaxMb() * 1024 * 1024;
        } catch (IOException e) {
            throw new ConfigException("reference.path " + r.path() + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The search radius of a tile's reference cone: its half-diagonal plus the match and nearest-star margins. */
    static double radiusDeg(TileWork w, SkySiftConfig c) {
        return w.request().tile().halfDiagonalDeg()
                + (c.match().radiusArcsec() + CandidateStage.NEAREST_SEARCH_ARCSEC) / 3600.0;
    }

    /** Each tile with the reference rows in its cone (an empty list when there are none). */
    static JavaRDD<TileWork> attach(SparkSession spark, JavaRDD<TileWork> work, SkySiftConfig c) {
        JavaPairRDD<Long, RefStar> byPixel = read(spark, c.reference().path()).javaRDD()
                .mapToPair(r -> {
                    RefStar s = toStar(r);
                    return new Tuple2<>(Healpix.angToNest(ORDER, s.ra(), s.dec()), s);
                });
        JavaPairRDD<Long, TileWork> tilePixels = work.flatMapToPair(w -> {
            var t = w.request().tile();
            List<Tuple2<Long, TileWork>> out = new ArrayList<>();
            for (long hp : Healpix.queryDiscInclusive(ORDER, t.ra(), t.dec(), radiusDeg(w, c))) {
                out.add(new Tuple2<>(hp, w));
            }
            return out.iterator();
        });
        JavaPairRDD<Long, Iterable<RefStar>> byTile = byPixel.join(tilePixels)
                .filter(p -> {
                    var t = p._2()._2().request().tile();
                    RefStar s = p._2()._1();
                    return Angles.separationDeg(t.ra(), t.dec(), s.ra(), s.dec()) <= radiusDeg(p._2()._2(), c);
                })
                .mapToPair(p -> new Tuple2<>(p._2()._2().request().tile().id(), p._2()._1()))
                .groupByKey();
        return work.keyBy(w -> w.request().tile().id()).leftOuterJoin(byTile).values().map(p -> {
            List<RefStar> refs = new ArrayList<>();
            if (p._2().isPresent()) {
                p._2().get().forEach(refs::add);
            }
            // a stable order keeps ties in the matcher, and so the tables, identical from run to run
            refs.sort((a, b) -> a.id().compareTo(b.id()));
            return p._1().withRefs(refs);
        });
    }

    /** id (as text), ra, dec and the optional mag, pmra, pmdec, epoch, colour (bp_rp or colour); rows without a valid position dropped. */
    private static Dataset<Row> read(SparkSession spark, String path) {
        boolean csv = path.toLowerCase(Locale.ROOT).matches(".*\\.csv(\\.gz)?$");
        Dataset<Row> df = csv
                ? spark.read().option("header", "true").option("inferSchema", "true").csv(HadoopFiles.literal(path))
                : spark.read().parquet(HadoopFiles.literal(path));
        List<String> have = Arrays.stream(df.columns()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
        if (!have.contains("ra") || !have.contains("dec")) {
            throw new ConfigException("reference.path " + path + ": needs columns ra and dec (and id, mag), found " + have);
        }
        List<Column> cols = new ArrayList<>();
        cols.add((have.contains("id") ? col("id") : org.apache.spark.sql.functions.monotonically_increasing_id())
                .cast("string").as("id"));
        cols.add(col("ra").cast("double").as("ra"));
        cols.add(col("dec").cast("double").as("dec"));
        for (String opt : List.of("mag", "pmra", "pmdec", "epoch")) {
            cols.add((have.contains(opt) ? col(opt) : org.apache.spark.sql.functions.lit(null)).cast("double").as(opt));
        }
        String colour = have.contains("bp_rp") ? "bp_rp" : have.contains("colour") ? "colour" : null;
        cols.add((colour != null ? col(colour) : org.apache.spark.sql.functions.lit(null)).cast("double").as("colour"));
        return df.select(cols.toArray(new Column[0]))
                .filter(col("ra").geq(0).and(col("ra").lt(360)).and(col("dec").between(-90, 90)));
    }

    private static RefStar toStar(Row r) {
        return new RefStar(r.getString(0), r.getDouble(1), r.getDouble(2), nan(r, 3), nan(r, 4), nan(r, 5), nan(r, 6),
                nan(r, 7));
    }

    private static double nan(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }
}
