package org.skysift.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
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
 * The job jar submitted with SparkSubmit (local[2]) with its inputs, image cache and run folder on
 * s3a://, served by S3Proxy on 127.0.0.1 in its own process, the s3a connector (hadoop-aws and the AWS
 * SDK it was built with) added with spark.jars as on a plain Spark distribution, and the credentials set
 * as a user sets them (spark.hadoop.fs.s3a.*). Its tables must equal the same run's on the local disk,
 * and the secret key must appear nowhere: not in the run's log (at INFO), nor in any object it wrote.
 */
@Tag("cluster")
@ExtendWith(SparkSessionExtension.class)
class S3RunIT {
    static final String BUCKET = "skysift-it";
    static ClusterRuns runs;
    static Path dir;
    static S3Server s3;
    static FaultyFitsServer dss;

    @BeforeAll
    static void setUp() throws Exception {
        runs = ClusterRuns.create("s3");
        dir = runs.dir;
        long t0 = System.nanoTime();
        // a secret no file of the project holds, so finding it anywhere means this run leaked it
        s3 = S3Server.start(runs.processes, dir, "skysift-it-user", "S3cr3t-" + UUID.randomUUID());
        System.out.printf("stores: S3Proxy %s (pid %d) up in %.1f s%n", s3.endpoint, s3.pid(), (System.nanoTime() - t0) / 1e9);
        s3.bucket(BUCKET);
        dss = FaultyFitsServer.start(StoreRuns.SKY);
    }

    @AfterAll
    static void tearDown() {
        if (dss != null) {
            dss.close();
        }
        if (runs != null) {
            runs.close();
        }
    }

    /**
     * The s3a settings for an S3-compatible store on plain HTTP, as spark.hadoop.* properties would carry
     * them. Directory markers kept: Hadoop 3.3's s3a otherwise deletes the parent "directory" objects after
     * every write, a bulk delete of keys that are not there, which S3Proxy answers after 10 s each.
     */
    static Map<String, String> s3a() {
        Map<String, String> m = new java.util.HashMap<>(s3aBoth());
        if (!org.apache.hadoop.util.VersionInfo.getVersion().startsWith("3.3.")) {
            // the AWS SDK v2 of Hadoop 3.4+ sends a checksum header with bulk deletes that S3Proxy answers with
            // 501 NotImplemented: delete one key per request, as for any store without DeleteObjects
            m.put("fs.s3a.multiobjectdelete.enable", "false");
        }
        return m;
    }

    private static Map<String, String> s3aBoth() {
        return Map.of(
                "fs.s3a.directory.marker.retention", "keep",
                "fs.s3a.endpoint", s3.endpoint,
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.access.key", s3.identity,
                "fs.s3a.secret.key", s3.secret);
    }

    @Test
    void targetsImageCacheReferenceAndOutputOnS3GiveTheLocalRunsTablesAndNoSecret(SparkSession spark) throws Exception {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        s3a().forEach(conf::set);
        String s3Inputs = "s3a://" + BUCKET + "/inputs";
        String localInputs = "file:" + dir.resolve("local-inputs"); // as Hadoop qualifies it (image_uri)
        StoreRuns.writeInputs(spark, localInputs, s3Inputs);

        Path config = dir.resolve("s3.yaml");
        Files.writeString(config, StoreRuns.cacheConfig(s3Inputs, "s3a://" + BUCKET + "/out", "s3", dss.dssEndpoint(), StoreRuns.Reports.PAGE));
        List<String> sparkConf = new ArrayList<>(List.of("spark.jars=" + String.join(",", s3aJars())));
        s3a().forEach((k, v) -> sparkConf.add("spark.hadoop." + k + "=" + v));
        // S3Proxy's filesystem backend answers the delete of a committed table's _temporary "directory" after
        // 10 s of retries (jclouds; gaul/s3proxy#297), once per table: skip that cleanup here only, a real
        // store does not need it
        sparkConf.add("spark.hadoop.mapreduce.fileoutputcommitter.cleanup.skipped=true");
        JobSubmit submit = runs.submit;
        List<String> command = submit.command("local[2]", null, config, "s3a://" + BUCKET + "/out", "s3",
                sparkConf.toArray(String[]::new));
        Map<String, String> env = new java.util.HashMap<>(submit.env());
        // everything at INFO, so the leak check reads what an operator's log would hold
        env.put("LOG4J_CONFIGURATION_FILE", infoLogConfig().toString());
        runs.run("s3-run", command, env);

        String runDir = "s3a://" + BUCKET + "/out/s3";
        SurveyJob.Result onDisk = SurveyJob.run(spark, ConfigLoader.fromYamlString(StoreRuns.cacheConfig(localInputs,
                dir.resolve("local-out").toUri().toString(), "s3", dss.dssEndpoint(), StoreRuns.Reports.NONE)));
        Map<String, Long> counts = RunTables.assertSame(spark, runDir, s3Inputs, onDisk.runDir(), localInputs);
        assertThat(counts.get("tiles")).isEqualTo(StoreRuns.TARGETS.length);
        assertThat(counts.get("sources")).isGreaterThan(100);
        assertThat(RunTables.read(spark, runDir, "tiles").where("status <> 'ok'").count()).isZero();
        StoreRuns.assertNamesStorePaths(spark, runDir, "s3a", StoreRuns.Reports.PAGE);
        // the image cache is on S3: objects in the bucket's cache/ prefix
        try (Stream<Path> s = Files.walk(s3.blobs.resolve(BUCKET).resolve("inputs").resolve("cache"))) {
            assertThat(s.filter(f -> f.toString().endsWith(".fits")).count()).isEqualTo(StoreRuns.TARGETS.length);
        }
        assertNoSecret();
        System.out.println("stores: S3 run equals the local one, rows " + counts);
    }

    /** The secret is in no log line of the run and in no object of the bucket (run folder, cache, inputs). */
    static void assertNoSecret() throws IOException {
        String log = runs.processes.logText("s3-run");
        assertThat(log.lines().count()).as("log lines of the run").isGreaterThan(20);
        assertThat(log).as("the run's log").doesNotContain(s3.secret);
        List<Path> objects;
        try (Stream<Path> s = Files.walk(s3.blobs.resolve(BUCKET))) {
            objects = s.filter(Files::isRegularFile).toList();
        }
        List<String> names = objects.stream().map(o -> o.getFileName().toString()).toList();
        assertThat(names).contains("manifest.json", "summary.json", "summary.md", "metrics.json", "progress.json",
                "report.html");
        for (Path o : objects) {
            String text = new String(Files.readAllBytes(o), StandardCharsets.ISO_8859_1);
            assertThat(text).as("object " + s3.blobs.relativize(o)).doesNotContain(s3.secret);
        }
        // the manifest records the s3a settings, the credentials masked
        var hadoop = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                s3.blobs.resolve(BUCKET + "/out/s3/manifest.json").toFile()).path("properties").path("hadoop");
        assertThat(hadoop.path("fs.s3a.path.style.access").asText()).isEqualTo("true");
        assertThat(hadoop.path("fs.s3a.secret.key").asText()).isEqualTo(org.skysift.config.Secrets.MASK);
    }

    /**
     * hadoop-aws with the runtime dependencies a plain Spark lacks (the AWS SDK bundle; on Hadoop 3.5 also the
     * S3 analytics accelerator), which the cluster profile copies to target/s3a-jars (skysift.s3a.jars).
     */
    static List<String> s3aJars() throws IOException {
        Path jars = Path.of(System.getProperty("skysift.s3a.jars", "target/s3a-jars"));
        try (Stream<Path> s = Files.list(jars)) {
            List<String> all = s.map(Path::toString).filter(n -> n.endsWith(".jar")).sorted().toList();
            assertThat(all).as("jars in " + jars).anyMatch(n -> n.contains("hadoop-aws-")).hasSizeGreaterThan(1);
            return all;
        }
    }

    static Path infoLogConfig() throws IOException {
        Path f = dir.resolve("log4j2-info.properties");
        Files.writeString(f, String.join("\n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.stderr.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex", ""));
        return f;
    }
}
