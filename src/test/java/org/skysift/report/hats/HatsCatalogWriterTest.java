package org.skysift.report.hats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.testing.SparkSessionExtension;

/**
 * A catalog written with a small hats_max_rows (so regions split to several orders) checked against
 * the HATS layout hats v0.10.4 reads, and its _healpix_29 against healpy.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HatsCatalogWriterTest {
    static final long MAX_ROWS = 50;
    static final Pattern LEAF = Pattern.compile("Norder=(\\d+)/Dir=(\\d+)/Npix=(\\d+)\\.parquet");

    @TempDir
    static Path tmp;
    Path catalog;
    HatsCatalogWriter.Written written;
    long tableRows;
    final Configuration conf = new Configuration();

    @BeforeAll
    void writeCatalog(SparkSession spark) {
        Dataset<Row> table = HatsTestTables.frame(spark);
        tableRows = table.count();
        catalog = tmp.resolve("hats/sources");
        written = HatsCatalogWriter.write(spark, table, "file:" + catalog,
                new HatsCatalogWriter.Spec("sources", "source", "ra", "dec", MAX_ROWS, "run-1"));
    }

    private Properties properties(String name) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(catalog.resolve(name))));
        return p;
    }

    private List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }

    private List<HatsPixel> partitionInfo() throws IOException {
        List<String> lines = Files.readAllLines(catalog.resolve("partition_info.csv"));
        assertThat(lines.get(0)).isEqualTo("Norder,Npix");
        List<HatsPixel> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            out.add(new HatsPixel(Integer.parseInt(f[0]), Long.parseLong(f[1]), 0));
        }
        return out;
    }

    @Test
    void propertiesHoldTheKeysHatsRequiresWithTheirTypes() throws IOException {
        Properties p = properties("hats.properties");
        // required by hats.catalog.dataset.table_properties for object/source catalogs
        assertThat(p.getProperty("obs_collection")).isEqualTo("sources");
        assertThat(p.getProperty("dataproduct_type")).isIn("object", "source").isEqualTo("source");
        assertThat(Long.parseLong(p.getProperty("hats_nrows"))).isEqualTo(tableRows).isEqualTo(1136);
        assertThat(p.getProperty("hats_col_ra")).isEqualTo("ra");
        assertThat(p.getProperty("hats_col_dec")).isEqualTo("dec");
        // optional keys, as hats-import writes them
        assertThat(p.getProperty("hats_col_healpix")).isEqualTo("_healpix_29");
        assertThat(p.getProperty("hats_col_healpix_order")).isEqualTo("29");
        assertThat(p.getProperty("hats_npix_suffix")).isEqualTo(".parquet");
        int maxOrder = partitionInfo().stream().mapToInt(HatsPixel::order).max().orElseThrow();
        assertThat(Integer.parseInt(p.getProperty("hats_order"))).isEqualTo(maxOrder);
        // 80 rows share one order-10 pixel, which cannot be split further
        assertThat(Long.parseLong(p.getProperty("hats_max_rows"))).isEqualTo(80);
        double sky = partitionInfo().stream().mapToDouble(px -> Math.pow(4, -px.order()) / 12).sum();
        assertThat(Double.parseDouble(p.getProperty("moc_sky_fraction"))).isCloseTo(sky, org.assertj.core.data.Offset.offset(5e-6))
                .isBetween(0.0, 1.0);
        assertThat(p.getProperty("hats_creation_date")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dUTC");
        long bytes;
        try (Stream<Path> s = Files.walk(catalog)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(Long.parseLong(p.getProperty("hats_estsize"))).isPositive().isLessThanOrEqualTo(bytes / 1024);
        assertThat(p.getProperty("hats_version")).isEqualTo("v1.0");
        assertThat(p.getProperty("hats_release_date")).matches("\\d{4}-\\d\\d-\\d\\d");
        assertThat(p.getProperty("hats_builder")).startsWith("skysift ");
        assertThat(p.getProperty("skysift_run_id")).isEqualTo("run-1");
        assertThat(Files.readString(catalog.resolve("properties"))).isEqualTo(Files.readString(catalog.resolve("hats.properties")));
    }

    @Test
    void partitionInfoListsExactlyTheLeafFilesWhichNeverOverlap() throws IOException {
        List<HatsPixel> listed = partitionInfo();
        Set<String> expected = new HashSet<>();
        for (HatsPixel px : listed) {
            expected.add(px.leafPath());
        }
        List<String> present = new ArrayList<>(files(catalog.resolve("dataset")));
        assertThat(present.remove("_metadata")).isTrue();
        assertThat(present.remove("_common_metadata")).isTrue();
        assertThat(present).containsExactlyInAnyOrderElementsOf(expected).hasSize(listed.size());
        for (String f : present) {
            Matcher m = LEAF.matcher(f);
            assertThat(m.matches()).as(f).isTrue();
            assertThat(Long.parseLong(m.group(2))).isEqualTo(Long.parseLong(m.group(3)) / 10_000 * 10_000);
        }
        for (HatsPixel a : listed) {
            for (HatsPixel b : listed) {
                assertThat(a != b && a.covers(b)).as("%s contains %s", a, b).isFalse();
            }
        }
        // breadth-first (spatial) order, as hats sorts it
        for (int i = 1; i < listed.size(); i++) {
            assertThat(listed.get(i).start29()).isGreaterThanOrEqualTo(listed.get(i - 1).end29());
        }
        // the splits reached several orders; the 80-row clump sits at the highest one
        assertThat(listed.stream().map(HatsPixel::order).distinct().count()).isGreaterThan(3);
        assertThat(listed.stream().mapToInt(HatsPixel::order).max().orElseThrow()).isEqualTo(HatsCatalogWriter.HIGHEST_ORDER);
        assertThat(listed.stream().map(HatsPixel::leafPath).toList())
                .isEqualTo(written.leaves().stream().map(HatsPixel::leafPath).toList());
    }

    @Test
    void noBookkeepingFilesAnywhere() throws IOException {
        assertThat(files(catalog)).allSatisfy(f -> {
            String name = Path.of(f).getFileName().toString();
            assertThat(name).doesNotEndWith(".crc").isNotEqualTo("_SUCCESS").doesNotStartWith(".");
        });
        assertThat(files(catalog)).filteredOn(f -> !f.startsWith("dataset/"))
                .containsExactlyInAnyOrder("hats.properties", "properties", "partition_info.csv");
        assertThat(Files.exists(tmp.resolve("hats/.sources-staging"))).isFalse();
    }

    @Test
    void leafFilesStartWithTheIndexHoldNoFolderColumnsAndAreSortedInsideTheirPixel(SparkSession spark) throws IOException {
        Map<String, HatsPixel> byPath = new HashMap<>();
        for (HatsPixel px : partitionInfo()) {
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("file:" + catalog.resolve("dataset/" + px.leafPath()));
            ParquetMetadata footer = ParquetFileReader.readFooter(conf, file, ParquetMetadataConverter.NO_FILTER);
            List<Type> fields = footer.getFileMetaData().getSchema().getFields();
            assertThat(fields.get(0).getName()).isEqualTo("_healpix_29");
            assertThat(fields.get(0).asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
            assertThat(fields.get(0).getRepetition()).isEqualTo(Type.Repetition.REQUIRED);
            assertThat(fields.stream().map(Type::getName).toList())
                    .doesNotContain("hp3", "Norder", "Dir", "Npix", "_hats_leaf")
                    .containsSequence("tile_id", "source_id", "ra", "dec", "mag", "flux_aper");
            byPath.put(px.leafPath(), px);
        }
        // one read of every leaf; rows of a file arrive in file order, one file after another
        List<Row> rows = spark.read().parquet("file:" + catalog.resolve("dataset"))
                .select(org.apache.spark.sql.functions.input_file_name(), org.apache.spark.sql.functions.col("_healpix_29"))
                .collectAsList();
        Map<String, Long> last = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (Row r : rows) {
            String f = r.getString(0);
            String rel = f.substring(f.indexOf("Norder="));
            HatsPixel px = byPath.get(rel);
            assertThat(px).as(rel).isNotNull();
            long h = r.getLong(1);
            assertThat(h >>> (2 * (29 - px.order()))).as("row in %s", rel).isEqualTo(px.pixel());
            assertThat(h).as("sorted in %s", rel).isGreaterThanOrEqualTo(last.getOrDefault(rel, Long.MIN_VALUE));
            last.put(rel, h);
            count.merge(rel, 1, Integer::sum);
        }
        assertThat(count.keySet()).isEqualTo(byPath.keySet());
        for (HatsPixel px : written.leaves()) {
            assertThat(count.get(px.leafPath()).longValue()).isEqualTo(px.rows()).isPositive();
        }
        assertThat((long) rows.size()).isEqualTo(tableRows);
    }

    @Test
    void metadataFilesCarryTheSchemaAndEveryLeafsRowGroupsWithRelativePaths() throws IOException {
        ParquetMetadata common = ParquetFileReader.readFooter(conf,
                new org.apache.hadoop.fs.Path("file:" + catalog.resolve("dataset/_common_metadata")), ParquetMetadataConverter.NO_FILTER);
        ParquetMetadata meta = ParquetFileReader.readFooter(conf,
                new org.apache.hadoop.fs.Path("file:" + catalog.resolve("dataset/_metadata")), ParquetMetadataConverter.NO_FILTER);
        assertThat(common.getBlocks()).isEmpty();
        assertThat(meta.getFileMetaData().getSchema()).isEqualTo(common.getFileMetaData().getSchema());
        Map<String, Long> perFile = new HashMap<>();
        for (BlockMetaData b : meta.getBlocks()) {
            assertThat(b.getPath()).doesNotStartWith("/").doesNotContain(":");
            perFile.merge(b.getPath(), b.getRowCount(), Long::sum);
        }
        assertThat(perFile.keySet()).containsExactlyInAnyOrderElementsOf(partitionInfo().stream().map(HatsPixel::leafPath).toList());
        for (Map.Entry<String, Long> e : perFile.entrySet()) {
            ParquetMetadata leaf = ParquetFileReader.readFooter(conf,
                    new org.apache.hadoop.fs.Path("file:" + catalog.resolve("dataset/" + e.getKey())), ParquetMetadataConverter.NO_FILTER);
            assertThat(leaf.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(perFile.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(tableRows);
    }

    @Test
    void healpix29MatchesHealpyForEveryVectorRow(SparkSession spark) {
        List<HatsTestTables.Vector> vectors = HatsTestTables.vectors();
        // Spark reads the catalog folder too: Norder and Dir come back from the paths
        List<Row> rows = spark.read().parquet("file:" + catalog.resolve("dataset"))
                .filter("tile_id = 1").select("source_id", "_healpix_29", "Norder").collectAsList();
        assertThat(rows).hasSize(vectors.size());
        int poles = 0, edges = 0;
        for (Row r : rows) {
            HatsTestTables.Vector v = vectors.get(r.getInt(0) - 1);
            assertThat(v.accepts(r.getLong(1))).as("%s (%s, %s): %d, healpy %d", v.kind(), v.ra(), v.dec(),
                    r.getLong(1), v.healpix29()).isTrue();
            poles += v.kind().equals("pole") ? 1 : 0;
            edges += v.kind().equals("edge") ? 1 : 0;
        }
        assertThat(poles).isGreaterThan(40);
        assertThat(edges).isGreaterThan(100);
    }

    @Test
    void leavesAreTheTopDownSplitOfTheRows() {
        long[] h = HatsTestTables.rows().stream()
                .mapToLong(r -> org.skysift.sky.Healpix.angToNest(29, r.getDouble(2), r.getDouble(3))).sorted().toArray();
        List<HatsPixel> naive = new ArrayList<>();
        for (int face = 0; face < 12; face++) {
            split(h, 0, face, naive);
        }
        assertThat(written.leaves()).containsExactlyElementsOf(naive);
        assertThat(written.rows()).isEqualTo(h.length);
        assertThat(written.largestLeaf()).isEqualTo(80);
    }

    /** Counts by binary search over the sorted indices and recurses while a pixel is too full. */
    private static void split(long[] sorted, int order, long pix, List<HatsPixel> out) {
        int shift = 2 * (29 - order);
        int from = lowerBound(sorted, pix << shift), to = lowerBound(sorted, (pix + 1) << shift);
        long n = to - from;
        if (n == 0) {
            return;
        }
        if (n <= MAX_ROWS || order == HatsCatalogWriter.HIGHEST_ORDER) {
            out.add(new HatsPixel(order, pix, n));
            return;
        }
        for (int c = 0; c < 4; c++) {
            split(sorted, order + 1, 4 * pix + c, out);
        }
    }

    private static int lowerBound(long[] a, long key) {
        int i = Arrays.binarySearch(a, key);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && a[i - 1] == key) {
            i--;
        }
        return i;
    }

    @Test
    void anEmptyTableIsAValidCatalogWithNoPartitions(SparkSession spark) throws IOException {
        Path empty = tmp.resolve("hats/candidates");
        HatsCatalogWriter.Written w = HatsCatalogWriter.write(spark, HatsTestTables.frame(spark).limit(0), "file:" + empty,
                new HatsCatalogWriter.Spec("candidates", "object", "ra", "dec", MAX_ROWS, "run-1"));
        assertThat(w.leaves()).isEmpty();
        assertThat(Files.readString(empty.resolve("partition_info.csv"))).isEqualTo("Norder,Npix\n");
        assertThat(files(empty)).containsExactlyInAnyOrder("hats.properties", "properties", "partition_info.csv",
                "dataset/_metadata", "dataset/_common_metadata");
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(empty.resolve("hats.properties"))));
        assertThat(p.getProperty("hats_nrows")).isEqualTo("0");
        assertThat(p.getProperty("moc_sky_fraction")).isEqualTo("0.00000");
        assertThat(p.getProperty("dataproduct_type")).isEqualTo("object");
        assertThat(p.getProperty("hats_order")).isNull();
        ParquetMetadata meta = ParquetFileReader.readFooter(conf,
                new org.apache.hadoop.fs.Path("file:" + empty.resolve("dataset/_metadata")), ParquetMetadataConverter.NO_FILTER);
        assertThat(meta.getBlocks()).isEmpty();
        assertThat(meta.getFileMetaData().getSchema().getFields().get(0).getName()).isEqualTo("_healpix_29");
        assertThat(meta.getFileMetaData().getSchema().containsField("hp3")).isFalse();
    }

    @Test
    void aRowWithoutAPositionIsRefusedNamingTheTable(SparkSession spark) {
        Dataset<Row> bad = HatsTestTables.frame(spark).withColumn("dec",
                org.apache.spark.sql.functions.expr("CASE WHEN tile_id = 3 AND source_id = 7 THEN 95.0 ELSE dec END"));
        assertThatThrownBy(() -> HatsCatalogWriter.write(spark, bad, "file:" + tmp.resolve("hats/bad"),
                new HatsCatalogWriter.Spec("sources", "source", "ra", "dec", MAX_ROWS, "run-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table sources").hasMessageContaining("1 rows have no valid position");
        assertThatThrownBy(() -> HatsCatalogWriter.write(spark, HatsTestTables.frame(spark).drop("dec"), "file:" + tmp.resolve("hats/bad"),
                new HatsCatalogWriter.Spec("sources", "source", "ra", "dec", MAX_ROWS, "run-1")))
                .hasMessageContaining("has no column dec");
    }
}
