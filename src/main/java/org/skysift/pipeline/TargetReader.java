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

/** Builds the targets table: Fibonacci points generated on executors, or rows of a CSV read with line numbers. */
public final class TargetReader {
    private static final long POINTS_PER_PARTITION = 1_000_000;

    private TargetReader() {}

    /** Targets and the rows that were skipped on the way. */
    public record Targets(Dataset<Row> rows, InputProblems problems) {}

    public static Targets read(SparkSession spark, SkySiftConfig config) {
        return switch (config.targets().kind()) {
            case "fibonacci" -> new Targets(fibonacci(spark, config), new InputProblems());
            case "csv" -> csv(spark, config);
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
                out.add(schema.toRow(new TargetRow(i, p[0], p[1], tiling.tileIdFor(p[0], p[1]),
                        Healpix.angToNest(order, p[0], p[1]), "fibonacci", null)));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, RecordSchema.of(TargetRow.class).schema());
    }

    private static Targets csv(SparkSession spark, SkySiftConfig config) {
        String path = config.targets().path();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Csv.Table table = Csv.read(path, conf, "targets.path");
        Integer raCol = table.column("ra"), decCol = table.column("dec"), idCol = table.column("id");
        if (raCol == null || decCol == null) {
            throw new ConfigException("targets.path " + path + ": header needs columns ra and dec (degrees), optional id");
        }
        Hex30Tiling tiling = new Hex30Tiling(config.tiling().tileArcmin());
        int order = config.targets().healpixOrder();
        InputProblems problems = new InputProblems();
        RecordSchema schema = RecordSchema.of(TargetRow.class);
        List<Row> rows = new ArrayList<>();
        for (Csv.Row row : table.rows()) {
            String where = path + " line " + row.line();
            String raS = Csv.field(row, raCol), decS = Csv.field(row, decCol);
            if (raS.isEmpty() || decS.isEmpty()) {
                problems.add(where + ": missing " + (raS.isEmpty() ? "ra" : "dec"));
                continue;
            }
            double ra, dec;
            try {
                ra = Double.parseDouble(raS);
                dec = Double.parseDouble(decS);
            } catch (NumberFormatException e) {
                problems.add(where + ": ra '" + raS + "' / dec '" + decS + "' not a number");
                continue;
            }
            if (!(ra >= 0 && ra <= 360) || !(dec >= -90 && dec <= 90)) {
                problems.add(where + ": " + (!(ra >= 0 && ra <= 360) ? "ra " + raS + " outside [0, 360]" : "dec " + decS + " outside [-90, 90]"));
                continue;
            }
            long id = row.line();
            if (idCol != null && !Csv.field(row, idCol).isEmpty()) {
                try {
                    id = Long.parseLong(Csv.field(row, idCol));
                } catch (NumberFormatException e) {
                    problems.add(where + ": id '" + Csv.field(row, idCol) + "' is not a whole number");
                    continue;
                }
            }
            ra = ra == 360.0 ? 0.0 : ra;
            rows.add(schema.toRow(new TargetRow(id, ra, dec, tiling.tileIdFor(ra, dec),
                    Healpix.angToNest(order, ra, dec), "csv", row.line())));
        }
        if (rows.isEmpty()) {
            throw new ConfigException("targets.path " + path + ": no valid target row (" + problems.skipped()
                    + " skipped" + (problems.first().isEmpty() ? "" : "; first: " + problems.first().get(0)) + ")");
        }
        return new Targets(spark.createDataFrame(rows, schema.schema()), problems);
    }
}
