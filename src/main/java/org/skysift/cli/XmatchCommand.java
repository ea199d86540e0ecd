package org.skysift.cli;

import static org.apache.spark.sql.functions.asin;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.degrees;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigException;
import org.skysift.io.HadoopFiles;
import org.skysift.match.MatchMode;
import org.skysift.match.spark.CatalogMatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cross-matches two catalogues (Parquet, or CSV with a header) on Spark and writes Parquet:
 * left_id, right_id, sep_arcsec for best/all, left_id for 1not2, right_id for 2not1.
 */
@Command(name = "xmatch", mixinStandardHelpOptions = true,
        description = "Cross-matches two catalogs (Parquet or CSV: id, ra, dec in degrees) with Spark.")
final class XmatchCommand implements Callable<Integer> {
    @Option(names = "--left", paramLabel = "PATH", description = "Left catalog: Parquet file/folder, or .csv/.csv.gz with a header")
    String left;

    @Option(names = "--right", paramLabel = "PATH", description = "Right catalog (same formats)")
    String right;

    @Option(names = "--radius", paramLabel = "ARCSEC", defaultValue = "5", description = "Match radius in arcsec (default ${DEFAULT-VALUE})")
    double radius;

    @Option(names = "--mode", defaultValue = "best", description = "best | all | 1not2 | 2not1 (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output Parquet folder")
    String out;

    @Option(names = "--left-cols", paramLabel = "ID,RA,DEC", defaultValue = "id,ra,dec", description = "Left column names (default ${DEFAULT-VALUE})")
    String leftCols;

    @Option(names = "--right-cols", paramLabel = "ID,RA,DEC", defaultValue = "id,ra,dec", description = "Right column names (default ${DEFAULT-VALUE})")
    String rightCols;

    @Option(names = "--order", defaultValue = "5", description = "HEALPix order of the match partitions (default ${DEFAULT-VALUE}: 3.4 deg^2 pixels)")
    int order;

    @Option(names = "--partitions", defaultValue = "0", description = "Shuffle partitions (default: spark.sql.shuffle.partitions)")
    int partitions;

    @Option(names = "--overwrite", description = "Replace --out when it exists")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--generate", hidden = true, paramLabel = "N",
            description = "Benchmark input: write N uniform random points each to DIR/left and DIR/right (DIR = --out) and stop")
    long generate;

    @Override
    public Integer call() throws Exception {
        MatchMode m;
        try {
            m = MatchMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--mode: " + e.getMessage());
        }
        if (generate <= 0 && (left == null || right == null)) {
            throw new ConfigException("xmatch needs --left and --right");
        }
        if (!(radius > 0) || radius > 3600) {
            throw new ConfigException("--radius " + radius + ": must be in (0, 3600] arcsec");
        }
        if (order < 0 || order > 29) {
            throw new ConfigException("--order " + order + ": must be in 0..29");
        }
        CatalogMatch.Columns lc = columns("--left-cols", leftCols), rc = columns("--right-cols", rightCols);
        String outUri = HadoopFiles.qualify(out);
        boolean ours = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.create(master);
        try {
            Configuration hc = spark.sparkContext().hadoopConfiguration();
            if (generate > 0) {
                return generate(spark, outUri);
            }
            if (!overwrite && HadoopFiles.exists(outUri, hc)) {
                throw new ConfigException("--out " + out + " exists (use --overwrite to replace it)");
            }
            long t0 = System.nanoTime();
            Dataset<Row> l = read(spark, "--left", left, lc, hc);
            Dataset<Row> r = read(spark, "--right", right, rc, hc);
            try {
                CatalogMatch.match(l, lc, r, rc, radius, m, new CatalogMatch.Options(order, partitions))
                        .write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(outUri);
            } catch (Exception e) { // SparkException is checked, though Scala throws it undeclared
                // bad rows surface from the executors wrapped by Spark: name the file instead of the side
                Throwable bad = SkySift.configCause(e);
                if (bad == null) {
                    throw e;
                }
                throw new ConfigException(bad.getMessage().replaceFirst("^left input", "--left " + left)
                        .replaceFirst("^right input", "--right " + right));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long rows = spark.read().parquet(HadoopFiles.literal(outUri)).count();
            System.out.printf(Locale.ROOT, "skysift xmatch: %s within %.3f\" -> %d rows in %s (%.1f s)%n",
                    m.label(), radius, rows, outUri, seconds);
            return SkySift.OK;
        } finally {
            if (ours) {
                spark.stop();
            }
        }
    }

    private static CatalogMatch.Columns columns(String option, String spec) {
        try {
            return CatalogMatch.Columns.parse(spec);
        } catch (ConfigException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }

    /** CSV when the name says so (all columns read as strings, cast by the match), else Parquet. */
    private static Dataset<Row> read(SparkSession spark, String option, String path, CatalogMatch.Columns c, Configuration hc)
            throws IOException {
        String uri = HadoopFiles.qualify(path);
        if (!HadoopFiles.exists(uri, hc)) {
            throw new ConfigException(option + " " + path + ": no such file or folder");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        Dataset<Row> d = lower.endsWith(".csv") || lower.endsWith(".csv.gz")
                ? spark.read().option("header", "true").csv(HadoopFiles.literal(uri))
                : spark.read().parquet(HadoopFiles.literal(uri));
        for (String name : new String[] {c.id(), c.ra(), c.dec()}) {
            if (!java.util.Arrays.asList(d.columns()).contains(name)) {
                throw new ConfigException(option + " " + path + ": no column '" + name + "' (columns: " + String.join(", ", d.columns())
                        + "); name them with " + option + "-cols ID,RA,DEC");
            }
        }
        return d;
    }

    private int generate(SparkSession spark, String dir) {
        for (String side : new String[] {"left", "right"}) {
            // rand(seed) seeds each partition with seed + partition index: keep the four streams far apart
            long seed = side.equals("left") ? 1000 : 2000;
            spark.range(0, generate, 1, 2)
                    .select(col("id"), rand(seed).multiply(lit(360.0)).as("ra"),
                            degrees(asin(rand(seed + 500).multiply(lit(2.0)).minus(lit(1.0)))).as("dec"))
                    .write().mode(SaveMode.Overwrite).parquet(dir + "/" + side);
        }
        System.out.println("skysift xmatch: wrote " + generate + " random points each to " + dir + "/left and " + dir + "/right");
        return SkySift.OK;
    }
}
