package org.skysift.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.skysift.pipeline.SurveyJob;

/**
 * The run's written tables, each read once for the summary and every report output. Spark infers a Parquet
 * table's schema with a Spark job of its own (it reads a footer on an executor); here the driver reads the
 * schema Spark stored in the footer of the table's first file and hands it to the reader, so reading costs
 * no job, and the frame is then reused by every query of the table. Only for after the tables are written:
 * they do not change then.
 */
public final class RunTables {
    /** Where Spark keeps a written frame's schema among a Parquet file's key-value metadata. */
    static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private final SparkSession spark;
    private final String runDir;
    private final Map<String, Dataset<Row>> read = new HashMap<>();

    public RunTables(SparkSession spark, String runDir) {
        this.spark = spark;
        this.runDir = runDir;
    }

    public synchronized Dataset<Row> get(String name) {
        return read.computeIfAbsent(name, this::open);
    }

    private Dataset<Row> open(String name) {
        String dir = runDir + "/" + name;
        StructType schema = footerSchema(spark.sparkContext().hadoopConfiguration(), dir);
        // partition columns (the sources' hp3) are not in the files: Spark adds them from the folder names
        return schema == null ? SurveyJob.Tables.read(spark, runDir, name) : spark.read().schema(schema).parquet(org.skysift.io.HadoopFiles.literal(dir));
    }

    /**
     * The Spark schema stored in the footer of the first data file listed (one write made all the table's files,
     * so they share it), or null when there is none (no file, or a file not written by Spark): then Spark infers
     * it. The listing stops at that file.
     */
    static StructType footerSchema(Configuration conf, String dir) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(root)) {
                return null;
            }
            Path first = null;
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (first == null && it.hasNext()) {
                Path p = it.next().getPath();
                if (isData(root, p)) {
                    first = p;
                }
            }
            if (first == null) {
                return null;
            }
            String json = ParquetFileReader.readFooter(conf, first, ParquetMetadataConverter.SKIP_ROW_GROUPS)
                    .getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
            return json == null ? null : (StructType) DataType.fromJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema of " + dir, e);
        }
    }

    /** A Parquet file Spark would read: no part of its path below the table starts with "_" or "." (markers, temp). */
    private static boolean isData(Path root, Path p) {
        if (!p.getName().endsWith(".parquet")) {
            return false;
        }
        for (Path q = p; q != null && !q.toUri().getPath().equals(root.toUri().getPath()); q = q.getParent()) {
            if (q.getName().startsWith("_") || q.getName().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    public String runDir() {
        return runDir;
    }
}
