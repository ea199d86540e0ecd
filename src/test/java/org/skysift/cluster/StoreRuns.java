package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.skysift.io.HadoopFiles;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.SyntheticStar;
import org.skysift.synth.TestSkies;

/**
 * The inputs and configs of the store tests (HDFS, S3): the same bytes written through the Hadoop
 * FileSystem API under any base URI (file:, hdfs:, s3a:), so a run on a store can be compared row for
 * row with the same run on the local disk. Two kinds of run, because an image list replaces the targets:
 * <ul>
 *   <li>list: image.list (a CSV of FITS paths relative to it) and a Parquet reference;</li>
 *   <li>cache: a targets CSV, images from a DSS stand-in on 127.0.0.1 kept in image.cache, the reference
 *       joined by Spark (reference.distributed: always).</li>
 * </ul>
 * Small on purpose (20' tiles, five of them): the store is under test, not the pipeline.
 */
final class StoreRuns {
    static final SyntheticSky SKY = new SyntheticSky(TestSkies.withVanished(42, 15));
    static final double TILE_ARCMIN = 20;
    /** image.list rows: file, ra, dec. */
    static final Object[][] IMAGES = {{"images/a.fits", 200.0, -15.0}, {"images/b.fits", 201.5, -15.0}};
    /** targets.csv rows, each on its own tile. */
    static final double[][] TARGETS = {{150.0, 20.0}, {151.5, 20.0}, {150.0, 22.0}};
    // reference stars within this of each image or target centre: more than a 20' tile's half diagonal
    static final double REFERENCE_RADIUS_DEG = 0.35;
    static final String COMMON = String.join("\n",
            "tiling: {tile_arcmin: " + TILE_ARCMIN + ", tiles_per_partition: 1}",
            "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}");
    /** The reports a run makes besides its tables, summary, manifest, metrics.json and progress.json. */
    enum Reports {
        ALL(""),
        /** report.html and the dashboard files: what a reader opens, without the slow plots and HATS. */
        PAGE("report: {plots: false, hats: false}"),
        // the reports change no table: the local runs a store run is compared with go without them
        NONE("report: {plots: false, html: false, hats: false, dashboard: false}");

        final String yaml;

        Reports(String yaml) {
            this.yaml = yaml;
        }
    }

    private StoreRuns() {}

    /**
     * Writes images/*.fits, images.csv, targets.csv and ref.parquet under the local folder {@code local},
     * then copies them file by file to {@code store} through the Hadoop FileSystem API: the same bytes on
     * both, without a Spark job committing into the store.
     */
    static void writeInputs(SparkSession spark, String local, String store) throws IOException {
        writeInputs(spark, local);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(local);
        org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(store);
        org.apache.hadoop.fs.FileSystem toFs = to.getFileSystem(conf);
        for (org.apache.hadoop.fs.FileStatus f : from.getFileSystem(conf).listStatus(from)) {
            org.apache.hadoop.fs.FileUtil.copy(from.getFileSystem(conf), f.getPath(), toFs,
                    new org.apache.hadoop.fs.Path(to, f.getPath().getName()), false, conf);
        }
    }

    private static void writeInputs(SparkSession spark, String base) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        StringBuilder list = new StringBuilder("path,ra,dec\n");
        for (int i = 0; i < IMAGES.length; i++) {
            double ra = (Double) IMAGES[i][1], dec = (Double) IMAGES[i][2];
            byte[] fits = SyntheticRenderer.render(new Tile(i + 1, ra, dec, TILE_ARCMIN, TILE_ARCMIN), SKY).fits();
            HadoopFiles.write(base + "/" + IMAGES[i][0], fits, conf);
            list.append(IMAGES[i][0]).append(',').append(ra).append(',').append(dec).append('\n');
        }
        HadoopFiles.write(base + "/images.csv", list.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), conf);
        StringBuilder targets = new StringBuilder("ra,dec\n");
        for (double[] t : TARGETS) {
            targets.append(t[0]).append(',').append(t[1]).append('\n');
        }
        HadoopFiles.write(base + "/targets.csv", targets.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), conf);
        List<Row> refs = new ArrayList<>();
        List<double[]> centres = new ArrayList<>(List.of(TARGETS));
        for (Object[] im : IMAGES) {
            centres.add(new double[] {(Double) im[1], (Double) im[2]});
        }
        for (double[] c : centres) {
            for (SyntheticStar s : SKY.cone(c[0], c[1], REFERENCE_RADIUS_DEG)) {
                if (!s.vanished()) {
                    refs.add(RowFactory.create(s.id(), s.ra(), s.dec(), s.mag()));
                }
            }
        }
        StructType schema = new StructType().add("id", "string").add("ra", "double").add("dec", "double")
                .add("mag", "double");
        spark.createDataFrame(refs, schema).coalesce(1).write().parquet(base + "/ref.parquet");
    }

    /**
     * The list run's config: inputs under {@code base}, the run folder {@code output}/{@code runId}, with
     * with the given reports.
     */
    static String listConfig(String base, String output, String runId, Reports reports) {
        return String.join("\n", "run_id: " + runId, "output: '" + output + "'",
                "image: {source: files, list: " + base + "/images.csv}",
                "reference: {kind: files, path: " + base + "/ref.parquet}", COMMON, reports.yaml);
    }

    /** The cache run's config: targets and reference under {@code base}, images from {@code dssEndpoint} cached in base/cache. */
    static String cacheConfig(String base, String output, String runId, String dssEndpoint, Reports reports) {
        return String.join("\n", "run_id: " + runId, "output: " + output,
                "targets: {kind: csv, path: " + base + "/targets.csv}",
                "image: {source: dss, endpoint: '" + dssEndpoint + "', cache: " + base + "/cache, retries: 1,"
                        + " backoff: 0.05, timeout_s: 20}",
                "reference: {kind: files, path: " + base + "/ref.parquet, distributed: always}", COMMON,
                reports.yaml);
    }

    /** A JSON file of a run folder on any file system. */
    static JsonNode json(SparkSession spark, String uri) {
        try (InputStream in = HadoopFiles.open(uri, spark.sparkContext().hadoopConfiguration())) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri, e);
        }
    }

    /**
     * Asserts the run folder's summary and manifest name the store's own paths ({@code scheme}://...) for
     * the run folder and every input file (but the config file, which spark-submit reads from the local
     * disk), and that the manifest lists each table and file of the run (the reports too if it made them).
     */
    static void assertNamesStorePaths(SparkSession spark, String runDir, String scheme, Reports reports) {
        JsonNode summary = json(spark, runDir + "/summary.json");
        assertThat(summary.path("run_dir").asText()).startsWith(scheme + "://").isEqualTo(runDir);
        JsonNode manifest = json(spark, runDir + "/manifest.json");
        List<String> inputs = new ArrayList<>();
        manifest.path("inputs").path("files").forEach(f -> {
            if (!f.path("role").asText().equals("config")) {
                inputs.add(f.path("path").asText());
            }
        });
        assertThat(inputs).as("manifest inputs").isNotEmpty().allMatch(p -> p.startsWith(scheme + "://"), scheme + "://");
        assertThat(manifest.path("config").path("output").asText()).startsWith(scheme + "://");
        List<String> files = new ArrayList<>();
        manifest.path("files").forEach(f -> files.add(f.path("path").asText()));
        for (String table : org.skysift.pipeline.SurveyJob.Tables.NAMES) {
            assertThat(files).as("manifest files").anyMatch(f -> f.startsWith(table + "/"));
        }
        assertThat(files).contains("summary.json", "summary.md", "metrics.json", "progress.json");
        if (reports != Reports.NONE) {
            assertThat(files).contains("report.html", "summary.csv");
        }
        if (reports == Reports.ALL) {
            assertThat(files).contains("plots/plots.json", "hats/candidates/properties");
        }
    }
}
