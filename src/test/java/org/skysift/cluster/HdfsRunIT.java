package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.skysift.acquire.FaultyFitsServer;
import org.skysift.config.ConfigLoader;
import org.skysift.pipeline.SurveyJob;
import org.skysift.testing.SparkSessionExtension;

/**
 * The job with everything on HDFS: a MiniDFSCluster (one NameNode, one DataNode, in this JVM, on
 * 127.0.0.1) holds the inputs (image list and its FITS files, targets CSV, Parquet reference), the image
 * cache and the run folders. Each run's tables must equal the same run's on the local disk row for row,
 * and its summary and manifest must name hdfs:// paths. The job runs in this JVM on local[2], as
 * {@code skysift run} does; the Hadoop client is the one Spark ships (hadoop-client-api/runtime).
 */
@Tag("cluster")
@ExtendWith(SparkSessionExtension.class)
class HdfsRunIT {
    static MiniDFSCluster dfs;
    static String hdfs;
    static Path local;
    static FaultyFitsServer dss;

    @BeforeAll
    static void setUp() throws IOException {
        Path dir = ClusterRuns.itRoot().resolve("stores-it").resolve("hdfs");
        org.apache.hadoop.fs.FileUtil.fullyDelete(dir.toFile());
        Configuration conf = new Configuration();
        // every server of the cluster on loopback, on ports the OS picks (MiniDFSCluster's defaults, made explicit)
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        long t0 = System.nanoTime();
        dfs = new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile()).numDataNodes(1).build();
        dfs.waitActive();
        hdfs = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
        System.out.printf("stores: MiniDFSCluster %s up in %.1f s%n", hdfs, (System.nanoTime() - t0) / 1e9);
        local = Files.createDirectories(dir.resolve("local"));
        dss = FaultyFitsServer.start(StoreRuns.SKY);
    }

    @AfterAll
    static void tearDown() {
        if (dss != null) {
            dss.close();
        }
        if (dfs != null) {
            dfs.shutdown();
        }
    }

    /** One DataNode: a user's hdfs-site.xml would say so too (the default, 3, leaves every block under-replicated). */
    static SparkSession onHdfs(SparkSession spark) {
        spark.sparkContext().hadoopConfiguration().set("dfs.replication", "1");
        return spark;
    }

    @Test
    void imageListAndReferenceOnHdfsGiveTheLocalRunsTables(SparkSession spark) throws Exception {
        onHdfs(spark);
        String hdfsInputs = hdfs + "/skysift/list-inputs";
        String localInputs = "file:" + local.resolve("list-inputs"); // as Hadoop qualifies it (image_uri)
        StoreRuns.writeInputs(spark, localInputs, hdfsInputs);

        long t0 = System.nanoTime();
        // an output folder whose name holds a space, glob characters and a non-ASCII letter: every table, the
        // summary, the report, the plots and HATS are written there and read back literally (never as a glob)
        String oddOutput = hdfs + "/skysift/out a b[2]{a,b}é";
        SurveyJob.Result onHdfs = SurveyJob.run(spark, ConfigLoader.fromYamlString(
                StoreRuns.listConfig(hdfsInputs, oddOutput, "list", StoreRuns.Reports.ALL)));
        System.out.printf("stores: image-list run on HDFS %.1f s%n", (System.nanoTime() - t0) / 1e9);
        SurveyJob.Result onDisk = SurveyJob.run(spark, ConfigLoader.fromYamlString(
                StoreRuns.listConfig(localInputs, local.resolve("out").toUri().toString(), "list", StoreRuns.Reports.NONE)));

        assertThat(onHdfs.runDir()).isEqualTo(oddOutput + "/list");
        // the folder has that very name on HDFS (no percent-encoding), and no look-alike was made
        FileSystem fs = new org.apache.hadoop.fs.Path(hdfs).getFileSystem(spark.sparkContext().hadoopConfiguration());
        List<String> names = new ArrayList<>();
        for (var st : fs.listStatus(new org.apache.hadoop.fs.Path(hdfs + "/skysift"))) {
            names.add(st.getPath().getName());
        }
        assertThat(names).contains("out a b[2]{a,b}é").noneMatch(n -> n.contains("%"));
        assertThat(onHdfs.summary().tilesOk()).isEqualTo(StoreRuns.IMAGES.length);
        assertThat(onHdfs.summary().tilesFailed()).isZero();
        Map<String, Long> counts = RunTables.assertSame(spark, onHdfs.runDir(), hdfsInputs, onDisk.runDir(), localInputs);
        assertThat(counts.get("sources")).isGreaterThan(100);
        assertThat(counts.get("matches")).isGreaterThan(100);
        assertThat(counts.get("candidates")).isPositive();
        // the images were read from HDFS, and the manifest hashed them there
        assertThat(RunTables.read(spark, onHdfs.runDir(), "tiles").select("image_uri").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList()).allMatch(u -> u.startsWith(hdfsInputs + "/images/"));
        StoreRuns.assertNamesStorePaths(spark, onHdfs.runDir(), "hdfs", StoreRuns.Reports.ALL);
        assertOnHdfsOnly(spark, onHdfs.runDir());
        System.out.println("stores: HDFS image-list run equals the local one, rows " + counts + "; its timings "
                + StoreRuns.json(spark, onHdfs.runDir() + "/manifest.json").path("timings"));
    }

    @Test
    void targetsImageCacheAndReferenceOnHdfsGiveTheLocalRunsTables(SparkSession spark) throws Exception {
        onHdfs(spark);
        String hdfsInputs = hdfs + "/skysift/cache-inputs";
        String localInputs = "file:" + local.resolve("cache-inputs");
        StoreRuns.writeInputs(spark, localInputs, hdfsInputs);
        String endpoint = dss.dssEndpoint();

        long t0 = System.nanoTime();
        SurveyJob.Result onHdfs = SurveyJob.run(spark, ConfigLoader.fromYamlString(
                StoreRuns.cacheConfig(hdfsInputs, hdfs + "/skysift/out", "cache", endpoint, StoreRuns.Reports.NONE)));
        System.out.printf("stores: targets + image cache run on HDFS %.1f s%n", (System.nanoTime() - t0) / 1e9);
        int fetched = dss.totalRequests();
        SurveyJob.Result onDisk = SurveyJob.run(spark, ConfigLoader.fromYamlString(
                StoreRuns.cacheConfig(localInputs, local.resolve("out").toUri().toString(), "cache", endpoint, StoreRuns.Reports.NONE)));

        assertThat(onHdfs.summary().tilesOk()).isEqualTo(StoreRuns.TARGETS.length);
        assertThat(fetched).as("images fetched into the HDFS cache").isEqualTo(StoreRuns.TARGETS.length);
        FileSystem fs = new org.apache.hadoop.fs.Path(hdfs).getFileSystem(spark.sparkContext().hadoopConfiguration());
        long cached = countFiles(fs, hdfsInputs + "/cache", ".fits");
        assertThat(cached).as("FITS files in the HDFS image cache").isEqualTo(StoreRuns.TARGETS.length);
        Map<String, Long> counts = RunTables.assertSame(spark, onHdfs.runDir(), hdfsInputs, onDisk.runDir(), localInputs);
        assertThat(counts.get("sources")).isGreaterThan(100);
        StoreRuns.assertNamesStorePaths(spark, onHdfs.runDir(), "hdfs", StoreRuns.Reports.NONE);

        // a second run takes every image from the HDFS cache: no request, same tables
        int before = dss.totalRequests();
        SurveyJob.Result again = SurveyJob.run(spark, ConfigLoader.fromYamlString(
                StoreRuns.cacheConfig(hdfsInputs, hdfs + "/skysift/out", "cache-again", endpoint, StoreRuns.Reports.NONE)));
        assertThat(dss.totalRequests()).as("requests of the run from the HDFS cache").isEqualTo(before);
        // its tiles name the cached copies and made no attempt; the other tables are the first run's
        assertThat(RunTables.read(spark, again.runDir(), "tiles").where("attempts <> 0 or not image_uri like '"
                + hdfsInputs + "/cache/%'").count()).isZero();
        for (String table : List.of("sources", "matches", "candidates", "rejected")) {
            assertThat(RunTables.read(spark, again.runDir(), table).exceptAll(RunTables.read(spark, onHdfs.runDir(), table))
                    .count()).as(table + " of the run from the cache").isZero();
        }
        assertThat(RunTables.rowCounts(spark, again.runDir())).isEqualTo(RunTables.rowCounts(spark, onHdfs.runDir()));
        System.out.println("stores: HDFS targets + cache run equals the local one, rows " + counts);
    }

    /** The run folder is on HDFS, and nothing of it was written to the local disk by mistake. */
    static void assertOnHdfsOnly(SparkSession spark, String runDir) throws IOException {
        FileSystem fs = new org.apache.hadoop.fs.Path(runDir).getFileSystem(spark.sparkContext().hadoopConfiguration());
        assertThat(fs.getUri().getScheme()).isEqualTo("hdfs");
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(runDir + "/manifest.json"))).isTrue();
        assertThat(new File("hdfs:")).doesNotExist();
        assertThat(Path.of(new org.apache.hadoop.fs.Path(runDir).toUri().getPath())).doesNotExist();
    }

    static long countFiles(FileSystem fs, String dir, String suffix) throws IOException {
        long n = 0;
        var it = fs.listFiles(new org.apache.hadoop.fs.Path(dir), true);
        while (it.hasNext()) {
            n += it.next().getPath().getName().endsWith(suffix) ? 1 : 0;
        }
        return n;
    }
}
