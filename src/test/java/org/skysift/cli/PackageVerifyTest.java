package org.skysift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigLoader;
import org.skysift.config.Secrets;
import org.skysift.testing.SparkSessionExtension;

/**
 * One real run (CLI, config file with credentials in it, a credential in the Hadoop conf, report.zip on),
 * then its manifest, its package and verify against damaged copies.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageVerifyTest {
    private static final String PASSWORD = "Pw4rd7Qx9Zsecret";
    private static final String TOKEN = "Tk83nZq1vW0";
    private static final String HADOOP_KEY = "HdpK3yZ9q8w7";
    private static final String HADOOP_PROPERTY = "fs.s3a.secret.key";

    @TempDir
    static Path dir;
    Path out;
    Path runDir;
    Path yaml;
    Path csv;
    JsonNode manifest;
    SparkSession spark;

    @BeforeAll
    void run(SparkSession spark) throws IOException {
        this.spark = spark;
        out = dir.resolve("out");
        csv = dir.resolve("targets.csv");
        Files.writeString(csv, "id,ra,dec,name\n1,150.1,2.2,a\n2,150.2,2.3,b\n");
        String endpoint = "https://skyuser:" + PASSWORD + "@127.0.0.1:9/viz?ra=1&token=" + TOKEN;
        yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, String.join("\n",
                "run_id: pkg",
                "output: " + out.toUri(),
                "targets: {kind: csv, path: '" + csv.toUri() + "'}",
                "tiling: {tile_arcmin: 20}",
                "synthetic: {vanished_density: 40}",
                "reference: {endpoint: '" + endpoint + "'}",
                "report: {zip: true}", ""));
        spark.sparkContext().hadoopConfiguration().set(HADOOP_PROPERTY, HADOOP_KEY);
        CliRun.Outcome o = CliRun.run("run", "--config", yaml.toString());
        assertThat(o.code()).as(o.err()).isZero();
        runDir = out.resolve("pkg");
        manifest = ConfigLoader.json().readTree(runDir.resolve("manifest.json").toFile());
    }

    @AfterAll
    void unsetCredential() {
        spark.sparkContext().hadoopConfiguration().unset(HADOOP_PROPERTY);
    }

    @Test
    void manifestRecordsInputsVersionsAndTimings() throws Exception {
        JsonNode inputs = manifest.path("inputs").path("files");
        assertThat(inputs.size()).isEqualTo(2);
        assertThat(inputs.get(0).path("role").asText()).isEqualTo("config");
        assertThat(inputs.get(0).path("sha256").asText()).isEqualTo(Sha256.hex(Files.readAllBytes(yaml)));
        assertThat(inputs.get(0).path("bytes").asLong()).isEqualTo(Files.size(yaml));
        assertThat(inputs.get(1).path("role").asText()).isEqualTo("targets");
        assertThat(inputs.get(1).path("path").asText()).endsWith("/targets.csv");
        assertThat(inputs.get(1).path("sha256").asText()).isEqualTo(Sha256.hex(Files.readAllBytes(csv)));

        JsonNode v = manifest.path("versions");
        assertThat(v.path("spark").asText()).isEqualTo(spark.version());
        // the Scala line this build compiled against (2.12 by default, 2.13 with -Pspark4), from the pom
        assertThat(v.path("scala").asText()).startsWith(System.getProperty("skysift.scalaBinary") + ".");
        assertThat(v.path("hadoop").asText()).isEqualTo(org.apache.hadoop.util.VersionInfo.getVersion());
        assertThat(v.at("/java/version").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(v.at("/java/vendor").asText()).isNotBlank();
        assertThat(v.at("/os/name").asText()).isEqualTo(System.getProperty("os.name"));
        // the build ran in a git checkout, so the commit is known and is HEAD's
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (git.waitFor() != 0) {
            // the check below would not run: a skip locally, a failure in CI (which builds a clone)
            throw org.skysift.testing.Prerequisites.missing("not a git checkout (git rev-parse HEAD: " + head + ")",
                    "run the tests in a git clone");
        }
        assertThat(v.at("/git/commit").asText()).isEqualTo(head);
        assertThat(v.at("/git/dirty").isBoolean()).isTrue();

        JsonNode t = manifest.path("timings");
        List<String> steps = new ArrayList<>();
        double sum = 0;
        for (JsonNode s : t.path("steps")) {
            steps.add(s.path("step").asText());
            assertThat(s.path("elapsed_s").asDouble()).isGreaterThanOrEqualTo(0);
            sum += s.path("elapsed_s").asDouble();
        }
        assertThat(steps).containsExactly("targets and tiles", "prefetch (HTTP images, VizieR cones)", "process tiles, write tables",
                "summary", "report outputs", "manifest checksums");
        assertThat(sum).isLessThanOrEqualTo(t.path("elapsed_s").asDouble() + 0.006);
        assertThat(java.time.Instant.parse(t.path("finished_at").asText()))
                .isAfter(java.time.Instant.parse(t.path("started_at").asText()));
        assertThat(manifest.path("created_at").asText()).isEqualTo(t.path("finished_at").asText());
        assertThat(t.at("/tile_stages_ms/extract/total").asLong()).isPositive();

        for (JsonNode f : manifest.path("files")) {
            Path p = runDir.resolve(f.path("path").asText());
            assertThat(Sha256.hex(Files.readAllBytes(p))).as(p.toString()).isEqualTo(f.path("sha256").asText());
        }
        assertThat(manifest.path("files").toString()).contains("sources/hp3=").contains("summary.md")
                .doesNotContain(".crc").doesNotContain("_SUCCESS").doesNotContain("manifest.json");
    }

    @Test
    void noCredentialReachesAnyOutputFile() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(p -> p.getFileName().toString().equals("pkg.zip"));
        for (Path f : files) {
            List<byte[]> contents = new ArrayList<>(List.of(Files.readAllBytes(f)));
            if (f.toString().endsWith(".zip")) {
                contents.addAll(unzip(f).values());
            }
            for (byte[] c : contents) {
                String text = new String(c, StandardCharsets.ISO_8859_1);
                for (String secret : List.of(PASSWORD, TOKEN, HADOOP_KEY)) {
                    assertThat(text).as(f + " holds " + secret).doesNotContain(secret);
                }
            }
        }
        assertThat(manifest.at("/config/reference/endpoint").asText())
                .isEqualTo("https://skyuser:***@127.0.0.1:9/viz?ra=1&token=***");
        assertThat(manifest.at("/properties/hadoop").path(HADOOP_PROPERTY).asText()).isEqualTo(Secrets.MASK);
    }

    @Test
    void anHttpRunKeepsTheEndpointsCredentialsOutOfItsTables(@TempDir Path http) throws IOException {
        try (org.skysift.acquire.FaultyFitsServer server = org.skysift.acquire.FaultyFitsServer.start()) {
            String endpoint = server.dssEndpoint().replace("http://", "http://skyuser:" + PASSWORD + "@") + "?token=" + TOKEN;
            Path cfg = Files.writeString(http.resolve("http.yaml"), String.join("\n",
                    "run_id: http", "output: " + http.resolve("out").toUri(),
                    "targets: {kind: fibonacci, count: 2, seed: 4}", "tiling: {tile_arcmin: 10}",
                    "image: {source: dss, endpoint: '" + endpoint + "', cache: '" + http.resolve("cache").toUri()
                            + "', retries: 1, backoff: 0.01, timeout_s: 5}", ""));
            CliRun.Outcome o = CliRun.run("run", "--config", cfg.toString());
            assertThat(o.code()).as(o.err()).isZero();
            assertThat(o.out()).contains("2 tiles ok");
        }
        Path run = http.resolve("out/http");
        JsonNode m = ConfigLoader.json().readTree(run.resolve("manifest.json").toFile());
        assertThat(m.at("/inputs/images/tiles_with_image").asLong()).isEqualTo(2);
        String uri = spark.read().parquet(run.resolve("tiles").toString()).select("image_uri").first().getString(0);
        // the fetched URL is recorded without its userinfo at all (HttpFetcher's redaction) and with the token masked
        assertThat(uri).startsWith("http://127.0.0.1:").contains("token=***").doesNotContain("skyuser").doesNotContain("@");
        try (Stream<Path> s = Files.walk(run)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(text).as(f.toString()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void theJobsPackageIsAcceptedBySha256sumAndIsReproducible() throws Exception {
        Process p = new ProcessBuilder("sha256sum", "-c", "pkg.zip.sha256").directory(out.toFile())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();
        assertThat(said.strip()).isEqualTo("pkg.zip: OK");

        Path again = dir.resolve("again");
        CliRun.Outcome o = CliRun.run("package", runDir.toString(), "--output", again.toUri().toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(Files.readAllBytes(again.resolve("pkg.zip"))).isEqualTo(Files.readAllBytes(out.resolve("pkg.zip")));
        assertThat(Files.readString(again.resolve("pkg.zip.sha256"))).isEqualTo(Files.readString(out.resolve("pkg.zip.sha256")));
        assertThat(again.resolve(".pkg.zip.crc")).doesNotExist();

        var entries = unzip(out.resolve("pkg.zip"));
        List<String> names = new ArrayList<>(entries.keySet());
        assertThat(names).isSorted().allMatch(n -> n.startsWith("pkg/")).contains("pkg/manifest.json");
        assertThat(names).hasSize(manifest.path("files").size() + 1);
        assertThat(entries.get("pkg/summary.md")).isEqualTo(Files.readAllBytes(runDir.resolve("summary.md")));
    }

    @Test
    void verifyPassesOnTheFreshFolderAndPackage() {
        CliRun.Outcome folder = CliRun.run("verify", runDir.toString());
        assertThat(folder.code()).as(folder.out() + folder.err()).isZero();
        assertThat(folder.out()).contains("OK: pkg: " + manifest.path("files").size() + " files match");
        CliRun.Outcome zip = CliRun.run("verify", out.resolve("pkg.zip").toUri().toString());
        assertThat(zip.code()).as(zip.out() + zip.err()).isZero();
        assertThat(zip.out()).contains("the zip matches").contains("pkg.zip.sha256");
    }

    @Test
    void oneFlippedByteInASourcesParquetFileIsNamed() throws IOException {
        Path copy = copyRun("flip-parquet");
        String rel;
        try (Stream<Path> s = Files.walk(copy.resolve("sources"))) {
            rel = copy.relativize(s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow())
                    .toString();
        }
        flipByte(copy.resolve(rel));
        CliRun.Outcome o = CliRun.run("verify", copy.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("first difference: " + rel + ": differs: sha256 ").contains("differ (1):")
                .doesNotContain("missing").doesNotContain("not in the manifest");
    }

    @Test
    void oneFlippedByteInSummaryMdIsNamedInTheFolderAndInItsPackage() throws IOException {
        Path copy = copyRun("flip-md");
        flipByte(copy.resolve("summary.md"));
        CliRun.Outcome o = CliRun.run("verify", copy.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("first difference: summary.md: differs");

        Path packed = dir.resolve("flip-md-zip");
        assertThat(CliRun.run("package", copy.toString(), "--output", packed.toString()).code()).isZero();
        CliRun.Outcome z = CliRun.run("verify", packed.resolve("pkg.zip").toString());
        assertThat(z.code()).isEqualTo(1);
        // the zip matches its own .sha256 (made from the damaged folder), its entry does not match the manifest
        assertThat(z.out()).contains("first difference: summary.md: differs").doesNotContain("package:");
    }

    @Test
    void aMissingAndAnExtraFileAreListed() throws IOException {
        Path copy = copyRun("missing-extra");
        Files.delete(copy.resolve("summary.json"));
        Files.writeString(copy.resolve("notes.txt"), "added later\n");
        CliRun.Outcome o = CliRun.run("verify", copy.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("first difference: notes.txt: not in the manifest")
                .contains("missing (1):\n    summary.json").contains("not in the manifest (1):\n    notes.txt")
                .doesNotContain("differ (");
    }

    @Test
    void aZipThatNoLongerMatchesItsSha256Fails() throws IOException {
        Path d = Files.createDirectories(dir.resolve("changed-zip"));
        Files.copy(out.resolve("pkg.zip"), d.resolve("pkg.zip"));
        Files.copy(out.resolve("pkg.zip.sha256"), d.resolve("pkg.zip.sha256"));
        // a trailing byte leaves every entry readable and intact: only the zip's own checksum can tell
        Files.write(d.resolve("pkg.zip"), new byte[] {0}, StandardOpenOption.APPEND);
        CliRun.Outcome o = CliRun.run("verify", d.resolve("pkg.zip").toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("package: pkg.zip has sha256 ").contains("but pkg.zip.sha256 says "
                + Files.readString(d.resolve("pkg.zip.sha256")).substring(0, 64));
    }

    @Test
    void whatIsNoRunIsExitTwo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("not-a-run"));
        Files.writeString(empty.resolve("a.txt"), "x");
        CliRun.Outcome v = CliRun.run("verify", empty.toString());
        assertThat(v.code()).isEqualTo(2);
        assertThat(v.err()).contains("not a run folder").contains("manifest.json");
        assertThat(CliRun.run("verify", empty.resolve("a.txt").toString()).code()).isEqualTo(2);
        assertThat(CliRun.run("verify", dir.resolve("absent").toString()).err()).contains("no such file or folder");
        CliRun.Outcome p = CliRun.run("package", empty.toString());
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).contains("not a run folder");
    }

    private Path copyRun(String name) throws IOException {
        Path target = dir.resolve(name).resolve("pkg");
        try (Stream<Path> s = Files.walk(runDir)) {
            for (Path p : s.toList()) {
                Path t = target.resolve(runDir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    // .crc side files too: a file changed in place no longer matches its .crc
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    private static void flipByte(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        b[b.length / 2] ^= 0x01;
        Files.write(p, b);
    }

    private static java.util.LinkedHashMap<String, byte[]> unzip(Path zip) throws IOException {
        var out = new java.util.LinkedHashMap<String, byte[]>();
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                out.put(e.getName(), b.toByteArray());
            }
        }
        return out;
    }
}
