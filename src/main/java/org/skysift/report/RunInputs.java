package org.skysift.report;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigLoader;
import org.skysift.config.Secrets;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.SurveyJob;

/**
 * The inputs block of manifest.json: size and SHA-256 of every input file the run read (config file,
 * targets CSV, image list, reference file or folder, calibration frames, image files), so a reader can
 * tell later whether the same inputs give the same run. Images were hashed as they were read, on the
 * executors, and are taken from the tiles table (image_uri, image_bytes, image_sha256) instead of being
 * read again; images fetched over HTTP are only referred to that column. Large groups are capped and
 * the cap is recorded.
 */
final class RunInputs {
    static final int MAX_FILES_PER_ROLE = 1000;
    static final long MAX_BYTES_PER_ROLE = 4L << 30;

    private final Configuration conf;
    private final int maxFiles;
    private final ArrayNode files;
    private final ArrayNode capped;

    private RunInputs(Configuration conf, ObjectNode inputs, int maxFiles) {
        this.conf = conf;
        this.maxFiles = maxFiles;
        this.files = inputs.putArray("files");
        this.capped = inputs.putArray("capped");
    }

    /** @param configFile the YAML the config was loaded from, null when it came from elsewhere */
    static ObjectNode json(SparkSession spark, String runDir, SkySiftConfig config, String configFile) {
        return json(spark, runDir, config, configFile, MAX_FILES_PER_ROLE);
    }

    static ObjectNode json(SparkSession spark, String runDir, SkySiftConfig config, String configFile, int maxFiles) {
        ObjectNode inputs = ConfigLoader.json().createObjectNode();
        RunInputs in = new RunInputs(spark.sparkContext().hadoopConfiguration(), inputs, maxFiles);
        in.add("config", configFile);
        if (config.targets().kind().equals("csv")) {
            in.add("targets", config.targets().path());
        }
        in.add("image_list", config.image().list());
        if (!config.reference().kind().equals("synthetic") && !config.reference().kind().equals("vizier")) {
            in.add("reference", config.reference().path());
        }
        in.add("calibrate.bias", config.calibrate().bias());
        in.add("calibrate.dark", config.calibrate().dark());
        in.add("calibrate.flat", config.calibrate().flat());
        String source = config.image().source();
        if (source.equals("files")) {
            in.addImagesFromTiles(spark, runDir);
        } else if (!config.image().services().isEmpty()) {
            ObjectNode img = inputs.putObject("images");
            img.put("source", source);
            img.put("checksums_in", "tiles.image_sha256");
            img.put("tiles_with_image", SurveyJob.Tables.read(spark, runDir, "tiles")
                    .filter(col("image_sha256").isNotNull()).count());
        }
        return inputs;
    }

    /** A file, or every file under a folder (a partitioned Parquet reference), hashed in path order up to the cap. */
    private void add(String role, String location) {
        if (location == null || location.isBlank()) {
            return;
        }
        Path root = new Path(location);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.getFileStatus(root).isDirectory()) {
                put(role, fs.makeQualified(root).toString(), fs.getFileStatus(root).getLen(), RunFiles.sha256(fs, root));
                return;
            }
            List<RunFiles.Entry> all = RunFiles.list(fs, root);
            int hashed = 0;
            long bytes = 0;
            for (RunFiles.Entry e : all) {
                if (hashed == maxFiles || bytes + e.bytes() > MAX_BYTES_PER_ROLE) {
                    break;
                }
                put(role, fs.makeQualified(e.file()).toString(), e.bytes(), RunFiles.sha256(fs, e.file()));
                hashed++;
                bytes += e.bytes();
            }
            if (hashed < all.size()) {
                cap(role, fs.makeQualified(root).toString(), all.size(), hashed);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot checksum " + role + " " + Secrets.redactText(location)
                    + " for the manifest", e);
        }
    }

    private void addImagesFromTiles(SparkSession spark, String runDir) {
        Dataset<Row> images = SurveyJob.Tables.read(spark, runDir, "tiles")
                .filter(col("image_sha256").isNotNull())
                .select("image_uri", "image_bytes", "image_sha256").distinct();
        long total = images.count();
        for (Row r : images.orderBy("image_uri").limit(maxFiles).collectAsList()) {
            put("image", r.getString(0), r.isNullAt(1) ? -1 : r.getLong(1), r.getString(2));
        }
        if (total > maxFiles) {
            cap("image", "tiles.image_uri", total, maxFiles);
        }
    }

    private void put(String role, String path, long bytes, String sha256) {
        ObjectNode f = files.addObject();
        f.put("role", role);
        f.put("path", Secrets.redactText(path));
        f.put("bytes", bytes);
        f.put("sha256", sha256);
    }

    private void cap(String role, String location, long total, long hashed) {
        ObjectNode c = capped.addObject();
        c.put("role", role);
        c.put("location", Secrets.redactText(location));
        c.put("files", total);
        c.put("hashed", hashed);
    }
}
