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
import org.skysift.testing.SparkSessionExtension;

/**
 * Any legal path works: one `skysift run` (2 tiles of 30', images over HTTP from a stand-in on 127.0.0.1,
 * every report output on, the package too) whose config file, targets CSV, image cache and output all sit
 * in folders named with a space, glob characters ([2] {a,b} * ?) and a non-ASCII letter. Every table,
 * the summary, the report, the manifest and the package are read back from there and checked.
 */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OddPathsRunTest {
    static final String ODD = "a b[2]{a,b}*?é";
    static final String SKY = "synthetic: {star_density: 2000, vanished_density: 15}";

    @TempDir
    static Path tmp;
    Path out, cache, runDir;
    FaultyFitsServer server;
    CliRun.Outcome run;

    @BeforeAll
    void runOnce() throws Exception {
        server = FaultyFitsServer.start(Stages.sky(ConfigLoader.fromYamlString(SKY)));
        Path in = Files.createDirectories(tmp.resolve("in " + ODD));
        out = tmp.resolve("out " + ODD);
        cache = tmp.resolve("cache " + ODD);
        Path targets = Files.writeString(in.resolve("targets " + ODD + ".csv"),
                "id,ra,dec,name\n1,150.0,2.0,field é\n2,150.0,3.0,field [2]\n");
        Path config = Files.writeString(in.resolve("run " + ODD + ".yaml"), String.join("\n",
                "run_id: odd",
                "targets: {kind: csv, path: '" + targets + "'}",
                "tiling: {tile_arcmin: 30}",
                "image: {source: dss, endpoint: '" + server.dssEndpoint() + "', cache: 'file:" + cache
                        + "', retries: 2, backoff: 0.02, timeout_s: 10}",
                SKY,
                "candidates: {max_extent_diff_px: 1000, shape_sigma: 1000}",
                "report: {zip: true}",
                ""));
        // the output as a user types it on the command line, unquoted glob characters and all
        run = CliRun.run("run", "--config", config.toString(), "--set", "output=file:" + out, "--master", "local[2]");
        System.out.print(run.out());
        runDir = out.resolve("odd");
    }

    @AfterAll
    void stop() {
        server.close();
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
        assertThat(targets).extracting(r -> r.getAs("name")).containsExactly("field é", "field [2]");
        List<Row> tiles = SurveyJob.Tables.read(spark, dir, "tiles").collectAsList();
        assertThat(tiles).hasSize(2).allMatch(r -> r.getAs("status").equals("ok"));
        // each tile's image came once over HTTP into the literal cache folder
        assertThat(server.totalRequests()).isEqualTo(2);
        try (Stream<Path> cached = Files.walk(cache)) {
            List<String> names = cached.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".crc")).toList();
            assertThat(names).hasSize(4).filteredOn(n -> n.endsWith(".fits")).hasSize(2)
                    .allMatch(n -> names.contains(n + ".sha256"));
        }

        JsonNode summary = json("summary.json");
        assertThat(summary.path("tiles").path("ok").asLong()).isEqualTo(2);
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
}
