package org.skysift.report.hats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.skysift.sky.Healpix;

/**
 * Writes one table as a HATS catalog (hats v0.10.4 / HATS format v1.0; docs/HATS.md): leaf files
 * dataset/Norder=K/Dir=D/Npix=N.parquet with _healpix_29 first and rows sorted by it,
 * dataset/_common_metadata (schema) and dataset/_metadata (every leaf's row-group footers with
 * relative file paths), partition_info.csv, and hats.properties (plus its twin "properties").
 */
final class HatsCatalogWriter {
    static final String INDEX_COLUMN = "_healpix_29";
    static final String LEAF_COLUMN = "_hats_leaf";
    /** hats-import's defaults: pixels as large as a base face, split down to order 10 (~3.4'). */
    static final int LOWEST_ORDER = 0, HIGHEST_ORDER = 10;
    /** Folder columns: our sources table's region and HATS's own, which belong in paths, not in files. */
    static final List<String> FOLDER_COLUMNS = List.of("hp3", "Norder", "Dir", "Npix");
    /** Write tasks at most: past this a task writes several leaves, one after another, still a file each. */
    static final int MAX_WRITE_TASKS = 2000;

    private HatsCatalogWriter() {}

    /** What was written: row count, the leaves, and the largest leaf (rows). */
    record Written(long rows, List<HatsPixel> leaves, long largestLeaf) {}

    /** The catalog's description for hats.properties: name, dataproduct_type, ra/dec columns, max rows. */
    record Spec(String name, String type, String raColumn, String decColumn, long maxRows, String runId) {}

    /** One catalog to write: its table, its folder and its description. */
    record Catalog(Dataset<Row> table, String dir, Spec spec) {}

    static Written write(SparkSession spark, Dataset<Row> table, String catalogDir, Spec spec) {
        return writeAll(spark, List.of(new Catalog(table, catalogDir, spec))).get(0);
    }

    /**
     * Writes the catalogs; their leaves are planned together in one Spark query (the plan's group-bys and join
     * cost several jobs, paid once however many catalogs there are). Every table is checked for rows without a
     * valid position before anything is written.
     */
    static List<Written> writeAll(SparkSession spark, List<Catalog> catalogs) {
        Dataset<Row> positions = null;
        List<Dataset<Row>> indexed = new ArrayList<>();
        long maxRows = catalogs.get(0).spec().maxRows();
        for (int i = 0; i < catalogs.size(); i++) {
            Catalog c = catalogs.get(i);
            indexed.add(withIndex(c.table(), c.spec())); // checks the columns
            if (c.spec().maxRows() != maxRows) {
                throw new IllegalArgumentException("HATS catalogs planned together share their max rows: " + maxRows
                        + " and " + c.spec().maxRows());
            }
            // null for an invalid position, so the plan's query also counts those rows
            Dataset<Row> one = c.table().select(functions.lit(i).as("catalog"), index(c.spec()).as(INDEX_COLUMN));
            positions = positions == null ? one : positions.union(one);
        }
        List<PartitionPlanner.Plan> plans = PartitionPlanner.planAll(positions, "catalog", INDEX_COLUMN, catalogs.size(),
                maxRows, LOWEST_ORDER, HIGHEST_ORDER);
        for (int i = 0; i < catalogs.size(); i++) {
            Catalog c = catalogs.get(i);
            if (plans.get(i).unplaced() > 0) {
                Row first = c.table().filter(functions.not(valid(c.spec()))).limit(1).collectAsList().get(0);
                throw new IllegalArgumentException("table " + c.spec().name() + ": " + plans.get(i).unplaced()
                        + " rows have no valid position (" + c.spec().raColumn() + ", " + c.spec().decColumn()
                        + "), first: " + first);
            }
        }
        List<Written> out = new ArrayList<>();
        for (int i = 0; i < catalogs.size(); i++) {
            Catalog c = catalogs.get(i);
            out.add(write(spark, indexed.get(i), plans.get(i).leaves(), c.dir(), c.spec()));
        }
        return out;
    }

    private static Written write(SparkSession spark, Dataset<Row> indexed, List<HatsPixel> leaves, String catalogDir,
                                 Spec spec) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            Path root = new Path(catalogDir);
            FileSystem fs = raw(root.getFileSystem(conf));
            fs.delete(root, true);
            Path dataset = new Path(root, "dataset");
            fs.mkdirs(dataset);
            Path staging = new Path(root.getParent(), "." + root.getName() + "-staging");
            fs.delete(staging, true);
            List<Footer> footers = leaves.isEmpty()
                    ? List.of(schemaOnly(indexed, staging, dataset, conf))
                    : writeLeaves(spark, indexed, leaves, staging, dataset, fs, conf);
            fs.delete(staging, true);
            ParquetFileWriter.writeMetadataFile(conf, dataset, footers, ParquetOutputFormat.JobSummaryLevel.ALL);
            writeText(fs, new Path(root, "partition_info.csv"), partitionInfo(leaves));
            removeBookkeeping(fs, root);
            long rows = leaves.stream().mapToLong(HatsPixel::rows).sum();
            long largest = leaves.stream().mapToLong(HatsPixel::rows).max().orElse(0);
            String props = HatsProperties.render(spec, rows, leaves, Math.max(spec.maxRows(), largest), sizeKb(fs, root));
            writeText(fs, new Path(root, "hats.properties"), props);
            writeText(fs, new Path(root, "properties"), props);
            return new Written(rows, leaves, largest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write HATS catalog " + catalogDir, e);
        }
    }

    /** The table with _healpix_29 (nested, order 29) as its first column and the folder columns dropped. */
    static Dataset<Row> withIndex(Dataset<Row> table, Spec spec) {
        List<String> names = Arrays.asList(table.columns());
        for (String c : List.of(spec.raColumn(), spec.decColumn())) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("table " + spec.name() + " has no column " + c + " (columns: " + names + ")");
            }
        }
        if (names.contains(INDEX_COLUMN) || names.contains(LEAF_COLUMN)) {
            throw new IllegalArgumentException("table " + spec.name() + " already has a column " + INDEX_COLUMN + " or " + LEAF_COLUMN);
        }
        List<Column> cols = new ArrayList<>();
        cols.add(h29().apply(col(spec.raColumn()).cast("double"), col(spec.decColumn()).cast("double")).as(INDEX_COLUMN));
        for (String c : names) {
            if (!FOLDER_COLUMNS.contains(c)) {
                cols.add(col(c));
            }
        }
        return table.select(cols.toArray(Column[]::new));
    }

    /** Whether a row's position can be indexed: RA finite, Dec within ±90°. */
    private static Column valid(Spec spec) {
        Column ra = col(spec.raColumn()).cast("double"), dec = col(spec.decColumn()).cast("double");
        return functions.not(ra.isNull().or(dec.isNull()).or(ra.isNaN()).or(dec.isNaN())
                .or(ra.equalTo(Double.POSITIVE_INFINITY)).or(ra.equalTo(Double.NEGATIVE_INFINITY))
                .or(dec.lt(-90)).or(dec.gt(90)));
    }

    /** _healpix_29 of a valid position, null for any other. */
    private static Column index(Spec spec) {
        return functions.when(valid(spec), h29().apply(col(spec.raColumn()).cast("double"), col(spec.decColumn()).cast("double")));
    }

    private static UserDefinedFunction h29() {
        return udf((UDF2<Double, Double, Long>) (r, d) -> Healpix.angToNest(HatsPixel.INDEX_ORDER, r, d),
                DataTypes.LongType).asNonNullable();
    }

    /**
     * Spark writes one file per leaf (all rows of a leaf go to one task, sorted by _healpix_29) into a
     * staging folder; each file is then renamed to its HATS path.
     */
    private static List<Footer> writeLeaves(SparkSession spark, Dataset<Row> indexed, List<HatsPixel> leaves,
                                            Path staging, Path dataset, FileSystem fs, Configuration conf) throws IOException {
        long[][] ranges = new long[2][leaves.size()];
        for (int i = 0; i < leaves.size(); i++) {
            ranges[0][i] = leaves.get(i).start29();
            ranges[1][i] = leaves.get(i).end29();
        }
        Broadcast<long[][]> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(ranges);
        UserDefinedFunction leafOf = udf((UDF1<Long, Integer>) h -> {
            int i = PartitionPlanner.leafOf(b.value()[0], b.value()[1], h);
            if (i < 0) {
                throw new IllegalStateException("_healpix_29 " + h + " lies in no HATS leaf");
            }
            return i;
        }, DataTypes.IntegerType).asNonNullable();
        org.skysift.pipeline.SurveyJob.Tables.writer(indexed.withColumn(LEAF_COLUMN, leafOf.apply(col(INDEX_COLUMN)))
                .repartition(Math.min(leaves.size(), MAX_WRITE_TASKS), col(LEAF_COLUMN))
                .sortWithinPartitions(LEAF_COLUMN, INDEX_COLUMN))
                .mode(SaveMode.Overwrite).partitionBy(LEAF_COLUMN).parquet(staging.toString());
        b.destroy();
        List<Footer> footers = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            HatsPixel leaf = leaves.get(i);
            FileStatus[] parts = fs.listStatus(new Path(staging, LEAF_COLUMN + "=" + i), p -> isData(p.getName()));
            if (parts.length != 1) {
                throw new IllegalStateException("HATS leaf " + leaf.leafPath() + ": Spark wrote " + parts.length
                        + " files, expected exactly one");
            }
            Path target = new Path(dataset, leaf.leafPath());
            fs.mkdirs(target.getParent());
            if (!fs.rename(parts[0].getPath(), target)) {
                throw new IOException("cannot move " + parts[0].getPath() + " to " + target);
            }
            ParquetMetadata footer = ParquetFileReader.readFooter(conf, target, ParquetMetadataConverter.NO_FILTER);
            long rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
            if (rows != leaf.rows()) {
                throw new IllegalStateException("HATS leaf " + leaf.leafPath() + " holds " + rows + " rows, planned " + leaf.rows());
            }
            footers.add(new Footer(target, footer));
        }
        return footers;
    }

    /** An empty table still gets its schema: one empty Parquet file, whose footer stands for no leaf. */
    private static Footer schemaOnly(Dataset<Row> indexed, Path staging, Path dataset, Configuration conf) throws IOException {
        indexed.limit(0).coalesce(1).write().mode(SaveMode.Overwrite).parquet(staging.toString());
        FileSystem fs = raw(staging.getFileSystem(conf));
        FileStatus[] parts = fs.listStatus(staging, p -> isData(p.getName()));
        if (parts.length == 0) {
            throw new IllegalStateException("Spark wrote no schema file for an empty table in " + staging);
        }
        ParquetMetadata footer = ParquetFileReader.readFooter(conf, parts[0].getPath(), ParquetMetadataConverter.NO_FILTER);
        // no row groups, so the path only has to lie under dataset/ for the merge
        return new Footer(new Path(dataset, "empty.parquet"), footer);
    }

    static String partitionInfo(List<HatsPixel> leaves) {
        StringBuilder sb = new StringBuilder("Norder,Npix\n");
        for (HatsPixel p : leaves) {
            sb.append(p.order()).append(',').append(p.pixel()).append('\n');
        }
        return sb.toString();
    }

    private static boolean isData(String name) {
        return !name.startsWith(".") && !name.startsWith("_") && name.endsWith(".parquet");
    }

    /** Checksum and job-marker files (Hadoop's local .crc, Spark's _SUCCESS) have no place in a catalog. */
    private static void removeBookkeeping(FileSystem fs, Path root) throws IOException {
        List<Path> doomed = new ArrayList<>();
        for (FileStatus st : org.skysift.io.HadoopFiles.files(fs, root)) {
            Path p = st.getPath();
            if (p.getName().endsWith(".crc") || p.getName().equals("_SUCCESS")) {
                doomed.add(p);
            }
        }
        for (Path p : doomed) {
            fs.delete(p, false);
        }
    }

    /** hats_estsize: the catalog's size on disk in KiB, as hats counts it (files so far, integer division). */
    private static long sizeKb(FileSystem fs, Path root) throws IOException {
        long bytes = 0;
        for (FileStatus st : org.skysift.io.HadoopFiles.files(fs, root)) {
            bytes += st.getLen();
        }
        return bytes / 1024;
    }

    /** The file system under Hadoop's client-side checksums, so no .crc files appear beside ours. */
    static FileSystem raw(FileSystem fs) {
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    private static void writeText(FileSystem fs, Path p, String text) throws IOException {
        try (OutputStream out = fs.create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
