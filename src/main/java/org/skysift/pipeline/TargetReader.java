package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.Csv;
import org.skysift.sky.FibonacciSphere;
import org.skysift.sky.Healpix;
import org.skysift.sky.Hex30Tiling;
import org.skysift.sky.RegionTiles;
import org.skysift.sky.Sexagesimal;
import org.skysift.sky.SkyRegion;
import org.skysift.sky.Tile;

/**
 * Builds the targets table: Fibonacci points generated on executors, rows of a CSV read with line
 * numbers, or one target per tile a sky region (cone, box, healpix) needs.
 */
public final class TargetReader {
    private static final long POINTS_PER_PARTITION = 1_000_000;

    private TargetReader() {}

    /** Targets and the rows that were skipped on the way. */
    public record Targets(Dataset<Row> rows, InputProblems problems) {}

    public static Targets read(SparkSession spark, SkySiftConfig config) {
        return switch (config.targets().kind()) {
            case "fibonacci" -> new Targets(fibonacci(spark, config), new InputProblems());
            case "csv" -> csv(spark, config);
            case "cone", "box", "healpix" -> new Targets(region(spark, config), new InputProblems());
            default -> throw new ConfigException("targets.kind " + config.targets().kind());
        };
    }

    private static Dataset<Row> fibonacci(SparkSession spark, SkySiftConfig config) {
        long n = config.targets().count();
        long seed = config.targets().seed();
        int order = config.targets().healpixOrder();
        double tileArcmin = config.tiling().tileArcmin();
        int parts = (int) Math.max(spark.sparkContext().defaultParallelism(), (n + POINTS_PER_PARTITION - 1) / POINTS_PER_PARTITION);
        JavaRDD<Row> rows = spark.range(0, n, 1, parts).javaRDD().mapPartitions(ids -> {
            Hex30Tiling tiling = new Hex30Tiling(tileArcmin);
            RecordSchema schema = RecordSchema.of(TargetRow.class);
            List<Row> out = new ArrayList<>();
            while (ids.hasNext()) {
                long i = ids.next();
                double[] p = FibonacciSphere.point(i, n, seed);
                out.add(schema.toRow(new TargetRow(i, null, p[0], p[1], tiling.tileIdFor(p[0], p[1]),
                        Healpix.angToNest(order, p[0], p[1]), "fibonacci", null)));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, RecordSchema.of(TargetRow.class).schema());
    }

    /** Header spellings accepted for each column (matched lower-cased), in order of preference. */
    static final List<String> RA_NAMES = List.of("ra", "ra_deg", "radeg", "raj2000", "_raj2000", "ra_j2000", "ra_icrs",
            "right_ascension");
    static final List<String> DEC_NAMES = List.of("dec", "dec_deg", "decdeg", "dej2000", "_dej2000", "decj2000", "dec_j2000",
            "de_icrs", "dec_icrs", "de", "declination");
    static final List<String> NAME_NAMES = List.of("name", "target", "object", "main_id", "id");

    private static Integer column(Csv.Table table, List<String> spellings) {
        for (String s : spellings) {
            if (table.column(s) != null) {
                return table.column(s);
            }
        }
        return null;
    }

    /**
     * One target per CSV row. The name column holds any text; target_id is the {@code id} column
     * when it is a whole number, else the line number. Positions are degrees or sexagesimal
     * (sky.Sexagesimal: RA in hours).
     */
    private static Targets csv(SparkSession spark, SkySiftConfig config) {
        InputProblems problems = new InputProblems();
        List<TargetRow> targets = csvRows(config, spark.sparkContext().hadoopConfiguration(), problems);
        RecordSchema schema = RecordSchema.of(TargetRow.class);
        List<Row> rows = new ArrayList<>(targets.size());
        for (TargetRow t : targets) {
            rows.add(schema.toRow(t));
        }
        return new Targets(spark.createDataFrame(rows, schema.schema()), problems);
    }

    /** The rows of targets.path (the parsing, without Spark); skipped rows go to {@code problems}. */
    static List<TargetRow> csvRows(SkySiftConfig config, Configuration conf, InputProblems problems) {
        String path = config.targets().path();
        Csv.Table table = Csv.read(path, conf, "targets.path");
        Integer raCol = column(table, RA_NAMES), decCol = column(table, DEC_NAMES);
        Integer nameCol = column(table, NAME_NAMES), idCol = table.column("id");
        if (raCol == null || decCol == null) {
            throw new ConfigException("targets.path " + path + ": header needs an RA column (one of " + RA_NAMES
                    + ") and a Dec column (one of " + DEC_NAMES + "), any case; optional name (one of " + NAME_NAMES + ")");
        }
        Hex30Tiling tiling = new Hex30Tiling(config.tiling().tileArcmin());
        int order = config.targets().healpixOrder();
        List<TargetRow> rows = new ArrayList<>();
        for (Csv.Row row : table.rows()) {
            String where = path + " line " + row.line();
            String raS = Csv.field(row, raCol), decS = Csv.field(row, decCol);
            if (raS.isEmpty() || decS.isEmpty()) {
                problems.add(where + ": missing " + (raS.isEmpty() ? "ra" : "dec"));
                continue;
            }
            double ra, dec;
            try {
                ra = Sexagesimal.ra(raS);
                dec = Sexagesimal.dec(decS);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            String name = Csv.field(row, nameCol);
            long id = row.line();
            String idText = Csv.field(row, idCol);
            if (idText.matches("[-+]?[0-9]{1,18}")) {
                id = Long.parseLong(idText);
            }
            rows.add(new TargetRow(id, name.isEmpty() ? null : name, ra, dec, tiling.tileIdFor(ra, dec),
                    Healpix.angToNest(order, ra, dec), "csv", row.line()));
        }
        if (rows.isEmpty()) {
            throw new ConfigException("targets.path " + path + ": no valid target row (" + problems.skipped()
                    + " skipped" + (problems.first().isEmpty() ? "" : "; first: " + problems.first().get(0)) + ")");
        }
        return rows;
    }

    /** The region a cone, box or healpix config describes. */
    static SkyRegion region(SkySiftConfig.Targets t) {
        return switch (t.kind()) {
            case "cone" -> new SkyRegion.Cone(t.ra(), t.dec(), t.radiusDeg());
            case "box" -> new SkyRegion.Box(t.raMin(), t.raMax(), t.decMin(), t.decMax());
            case "healpix" -> new SkyRegion.HealpixPixels(t.order(), t.pixels().stream().mapToLong(Long::longValue).toArray());
            default -> throw new ConfigException("targets.kind " + t.kind() + " is not a region");
        };
    }

    /**
     * One target per tile the region needs (sky.RegionTiles), at the tile's centre, so each tile is
     * processed once whatever the region's size; a tile on the region's edge may have its centre
     * outside the region. Found on the driver: a few thousand tiles for most regions.
     */
    private static Dataset<Row> region(SparkSession spark, SkySiftConfig config) {
        Hex30Tiling tiling = new Hex30Tiling(config.tiling().tileArcmin());
        long[] ids = RegionTiles.cover(region(config.targets()), tiling);
        int order = config.targets().healpixOrder();
        RecordSchema schema = RecordSchema.of(TargetRow.class);
        List<Row> rows = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            Tile t = tiling.tile(ids[i]);
            rows.add(schema.toRow(new TargetRow(i, null, t.ra(), t.dec(), t.id(), Healpix.angToNest(order, t.ra(), t.dec()),
                    config.targets().kind(), null)));
        }
        return spark.createDataFrame(rows, schema.schema());
    }
}
