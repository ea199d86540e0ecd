package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.FaultyFitsServer;
import org.skysift.cli.CliRun;
import org.skysift.config.ConfigLoader;
import org.skysift.testing.LogCapture;
import org.skysift.testing.SparkSessionExtension;

/**
 * Any legal path works: one `skysift run` (2 tiles of 30', images over HTTP from a stand-in on 127.0.0.1,
 * every report output on, the package too) whose config file, targets CSV, image cache and output all sit
 * in folders named with a space, glob characters ([2] {a,b} * ?) and a non-ASCII letter. Every table,
 * the summary, the report, the manifest and the package are read back from there and checked.
 *
 * <p>The same run is the secrets sweep (issue 13): one known secret is the image service's Basic-auth
 * password (the endpoint's userinfo) and a token in its query, the bearer token (given with --set, as a
 * shell passes an environment variable), an s3a secret key and a gs client secret in the Hadoop
 * properties. The service fails a first request with a 500 and a second with a 401, both pages echoing
 * the request and its Authorization header, so a third tile fails. Then every file of the run folder,
 * the package and the cache (Parquet tables and the zip read decoded), stdout, stderr and every log4j
 * line of the run must hold the secret 0 times.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OddPathsRunTest {
    static final String ODD = "a b[2]{a,b}*?é";
    static final String SKY = "synthetic: {star_density: 2000, vanished_density: 15}";
    static final String SECRET = "SKYSIFT-SECRET-7f3a";
    static final String[] HADOOP_SECRETS = {"fs.s3a.secret.key", "fs.gs.auth.client.secret"};

    @TempDir
    static Path tmp;
    Path out, cache, runDir;
    FaultyFitsServer server;
    CliRun.Outcome run;
    String log;

    @BeforeAll
    void runOnce(SparkSession spark) throws Exception {
        server = FaultyFitsServer.start(Stages.sky(ConfigLoader.fromYamlString(SKY)));
        // whichever requests come first: one tile's is retried after the 500, one tile fails on the 401
        server.enqueue(FaultyFitsServer.Fault.echo(500), FaultyFitsServer.Fault.echo(401));
        for (String k : HADOOP_SECRETS) {
            spark.sparkContext().hadoopConfiguration().set(k, SECRET);
        }
        String endpoint = server.dssEndpoint().replace("http://", "http://survey:" + SECRET + "@") + "?token=" + SECRET;
        Path in = Files.createDirectories(tmp.resolve("in " + ODD));
        out = tmp.resolve("out " + ODD);
        cache = tmp.resolve("cache " + ODD);
        Path targets = Files.writeString(in.resolve("targets " + ODD + ".csv"),
                "id,ra,dec,name\n1,150.0,2.0,field é\n2,150.0,3.0,field [2]\n3,150.0,4.0,field 3\n");
        Path config = Files.writeString(in.resolve("run " + ODD + ".yaml"), String.join("\n",
                "run_id: odd",
                "targets: {kind: csv, path: '" + targets + "'}",
                "tiling: {tile_arcmin: 30}",
                "image: {source: dss, endpoint: '" + endpoint + "', cache: 'file:" + cache
                        + "', retries: 2, backoff: 0.02, timeout_s: 10}",
                SKY,
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}",
                "report: {zip: true}",
                ""));
        // the output as a user types it on the command line, unquoted glob characters and all
        try (LogCapture logs = LogCapture.start()) {
            run = CliRun.run("run", "--config", config.toString(), "--set", "output=file:" + out, "--set",
                    "http.bearer_token=" + SECRET, "--master", "local[2]");
            log = logs.text();
        }
        System.out.print(run.out());
        runDir = out.resolve("odd");
    }

    @AfterAll
    void stop(SparkSession spark) {
        server.close();
        for (String k : HADOOP_SECRETS) {
            spark.sparkContext().hadoopConfiguration().unset(k);
        }
    }

    JsonNode json(String file) throws java.io.IOException {
        return ConfigLoader.json().readTree(runDir.resolve(file).toFile());
    }

    @Test
    void theRunWritesEverythingUnderTheLiteralPaths(SparkSession spark) throws Exception {
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("report:   file:" + runDir + "/report.html");
        // nothing percent-encoded, no folder matched as a pattern: the only folders are the ones named
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("%"));
        }
        try (Stream<Path> top = Files.list(tmp)) {
            assertThat(top.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("in " + ODD, "out " + ODD, "cache " + ODD);
        }
        try (Stream<Path> o = Files.list(out)) {
            assertThat(o.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("odd", "odd.zip", "odd.zip.sha256");
        }

        String dir = "file://" + runDir;
        List<Row> targets = SurveyJob.Tables.read(spark, dir, "targets").orderBy("target_id").collectAsList();
        assertThat(targets).extracting(r -> r.getAs("name")).containsExactly("field é", "field [2]", "field 3");
        List<Row> tiles = SurveyJob.Tables.read(spark, dir, "tiles").collectAsList();
        assertThat(tiles).hasSize(3).filteredOn(r -> r.getAs("status").equals("ok")).hasSize(2);
        // each tile's image came over HTTP into the literal cache folder: 3 tiles, one retry after the 500
        assertThat(server.totalRequests()).isEqualTo(4);
        try (Stream<Path> cached = Files.walk(cache)) {
            List<String> names = cached.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".crc")).toList();
            assertThat(names).hasSize(4).filteredOn(n -> n.endsWith(".fits")).hasSize(2)
                    .allMatch(n -> names.contains(n + ".sha256"));
        }

        JsonNode summary = json("summary.json");
        assertThat(summary.path("tiles").path("ok").asLong()).isEqualTo(2);
        assertThat(summary.path("tiles").path("failed").asLong()).isEqualTo(1);
        for (String t : SurveyJob.Tables.NAMES) {
            assertThat(runDir.resolve(t)).isDirectory();
            assertThat(summary.path("counts").path(t).asLong()).as(t)
                    .isEqualTo(SurveyJob.Tables.read(spark, dir, t).count());
        }
        assertThat(summary.path("counts").path("sources").asLong()).isGreaterThan(100);
        try (Stream<Path> hp = Files.list(runDir.resolve("sources"))) {
            assertThat(hp.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("hp3="));
        }
        assertThat(runDir.resolve("summary.md")).isRegularFile();
        assertThat(runDir.resolve(org.skysift.pipeline.resume.RunLock.FILE)).doesNotExist();
    }

    @Test
    void theReportsImagesAreAllThere() throws Exception {
        String html = Files.readString(runDir.resolve("report.html"));
        Matcher m = Pattern.compile("src=\"((?:plots|cutouts)/[^\"]+)\"").matcher(html);
        java.util.Set<String> images = new java.util.TreeSet<>();
        while (m.find()) {
            String path = java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(runDir.resolve(path)).as(m.group(1)).isRegularFile();
            images.add(path);
        }
        // the page shows each plot plots.json lists, and those are every PNG the plots folder holds
        List<String> listed = new java.util.ArrayList<>();
        json("plots/plots.json").forEach(f -> listed.add("plots/" + f.path("file").asText()));
        List<String> pngs;
        try (Stream<Path> s = Files.list(runDir.resolve("plots"))) {
            pngs = s.map(p -> "plots/" + p.getFileName()).filter(n -> n.endsWith(".png")).toList();
        }
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(pngs);
        assertThat(images).containsExactlyInAnyOrderElementsOf(listed);
        assertThat(runDir.resolve("hats/sources")).isDirectory();
        assertThat(runDir.resolve("dashboard/anomalies_minimal.csv")).isRegularFile();
    }

    @Test
    void theManifestAndThePackageVerify() throws Exception {
        JsonNode files = json("manifest.json").path("files");
        List<String> listed = new java.util.ArrayList<>();
        files.forEach(f -> listed.add(f.path("path").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(org.skysift.testing.RunFolder.files(runDir));
        // verify recomputes every file's SHA-256 from the folder, then from the zip
        CliRun.Outcome folder = CliRun.run("verify", "file://" + runDir);
        assertThat(folder.code()).as(folder.out() + folder.err()).isZero();
        assertThat(folder.out()).contains("OK: odd: " + files.size() + " files match");
        CliRun.Outcome zip = CliRun.run("verify", out.resolve("odd.zip").toString());
        assertThat(zip.code()).as(zip.out() + zip.err()).isZero();
        assertThat(json("manifest.json").path("inputs").toString()).contains("targets " + ODD + ".csv");
    }

    @Test
    void theFailurePathsHappenedAndNameTheUrlWithoutItsCredentials(SparkSession spark) throws Exception {
        List<Row> failed = SurveyJob.Tables.read(spark, "file://" + runDir, "tiles")
                .filter("status = 'failed'").collectAsList();
        assertThat(failed).hasSize(1);
        String why = failed.get(0).getAs("error_message");
        assertThat(why).contains("HTTP 401: refused GET /cgi-bin/dss_search?", "token=***", "Authorization: Basic ***",
                "(http://survey:***@127.0.0.1:" + server.base().getPort() + "/cgi-bin/dss_search?token=***&");
        // where the secrets would have been recorded, the mask is
        JsonNode manifest = json("manifest.json");
        assertThat(manifest.at("/config/http/bearer_token").asText()).isEqualTo("***");
        assertThat(manifest.at("/config/image/endpoint/0").asText()).startsWith("http://survey:***@127.0.0.1:")
                .endsWith("/cgi-bin/dss_search?token=***");
        for (String k : HADOOP_SECRETS) {
            assertThat(manifest.path("properties").path("hadoop").path(k).asText()).as(k).isEqualTo("***");
        }
    }

    @Test
    void theSecretIsInNoFileOfTheRunThePackageOrTheCacheNorInAnyLogOrOutput(SparkSession spark) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString(("survey:" + SECRET)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> hits = new java.util.ArrayList<>();
        List<String> swept = new java.util.ArrayList<>();
        for (Path top : List.of(out, cache)) {
            try (Stream<Path> all = Files.walk(top)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    String name = top.getParent().relativize(f).toString();
                    swept.add(name);
                    if (name.endsWith(".parquet")) {
                        // compressed: every value decoded, as JSON lines
                        long n = spark.read().parquet(org.skysift.io.HadoopFiles.literal("file://" + f)).toJSON()
                                .filter((org.apache.spark.api.java.function.FilterFunction<String>)
                                        v -> v.contains(SECRET) || v.contains(basic)).count();
                        if (n > 0) {
                            hits.add(name + " (" + n + " rows)");
                        }
                    } else if (name.endsWith(".zip")) {
                        hits.addAll(zipHits(f, basic));
                    } else if (holds(Files.readAllBytes(f), basic)) {
                        hits.add(name);
                    }
                }
            }
        }
        // the sweep finds the secret where it is: the config file the user wrote holds it
        assertThat(holds(Files.readAllBytes(Files.list(tmp.resolve("in " + ODD))
                .filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow()), basic)).isTrue();
        assertThat(swept).contains("out " + ODD + "/odd/manifest.json", "out " + ODD + "/odd/summary.json",
                "out " + ODD + "/odd/summary.md", "out " + ODD + "/odd/report.html", "out " + ODD + "/odd/metrics.json",
                "out " + ODD + "/odd/progress.json", "out " + ODD + "/odd.zip");
        assertThat(swept.stream().filter(n -> n.endsWith(".parquet"))).hasSizeGreaterThan(8);
        assertThat(hits).as("files holding the secret").isEmpty();
        assertThat(log).as("log4j").contains("org.skysift").doesNotContain(SECRET).doesNotContain(basic);
        assertThat(run.out() + run.err()).as("stdout and stderr").contains("1 failed").doesNotContain(SECRET)
                .doesNotContain(basic);
    }

    static boolean holds(byte[] bytes, String basic) {
        String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        return s.contains(SECRET) || s.contains(basic);
    }

    static List<String> zipHits(Path zip, String basic) throws java.io.IOException {
        List<String> hits = new java.util.ArrayList<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                // Parquet entries are the folder's files, read decoded above
                if (!e.getName().endsWith(".parquet") && holds(in.readAllBytes(), basic)) {
                    hits.add(zip.getFileName() + "!" + e.getName());
                }
            }
        }
        return hits;
    }
}
