package org.skysift.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigLoader;
import org.skysift.pipeline.SurveyJob;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;
import org.skysift.testing.SparkSessionExtension;

/** One run of five tiles, three of which fail, with stdout captured (not a terminal). */
@ExtendWith(SparkSessionExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressRunTest {
    private static final Pattern LINE = Pattern.compile(
            "Progress: (\\d+)/(\\d+) \\((\\d+)%\\) tiles, (\\d+) failed, (\\d+\\.\\d\\d) tiles/s, (ETA .+|took .+)");

    SparkSession spark;
    SurveyJob.Result result;
    String stdout;

    @BeforeAll
    void run(SparkSession spark, @TempDir Path dir) throws IOException {
        this.spark = spark;
        // the shared session's thread starts without a group here, whatever tests ran before on it
        spark.sparkContext().clearJobGroup();
        spark.sparkContext().setLocalProperty("spark.job.description", null);
        SyntheticSky sky = new SyntheticSky(TestSkies.standard(42));
        Files.write(dir.resolve("a.fits"), SyntheticRenderer.render(new Tile(1, 120, 30, 12, 12), sky).fits());
        Files.write(dir.resolve("b.fits"), SyntheticRenderer.render(new Tile(2, 121, 30, 12, 12), sky).fits());
        Files.write(dir.resolve("corrupt.fits"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("a.fits")), 1000));
        Files.writeString(dir.resolve("html.fits"), "<html>Error 503</html>");
        Files.writeString(dir.resolve("images.csv"), String.join("\n", "path,ra,dec", "a.fits,120,30", "b.fits,121,30",
                "corrupt.fits,122,30", "missing.fits,123,30", "html.fits,124,30", ""));
        var config = ConfigLoader.fromYamlString(String.join("\n",
                "run_id: watched", "output: " + dir.resolve("out").toUri(),
                "image: {source: files, list: " + dir.resolve("images.csv").toUri() + "}",
                "tiling: {tile_arcmin: 12, tiles_per_partition: 2}"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        result = SurveyJob.run(spark, config, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        stdout = bytes.toString(StandardCharsets.UTF_8);
    }

    private JsonNode json(String name) throws IOException {
        return ConfigLoader.json().readTree(Files.readString(runFolder().resolve(name)));
    }

    private Path runFolder() {
        return Path.of(java.net.URI.create(result.runDir()));
    }

    @Test
    void plainProgressLinesCountTilesUpToTheTotalWithTheFailedOnes() {
        List<long[]> counts = new ArrayList<>();
        for (String l : stdout.lines().filter(l -> l.startsWith("Progress:")).toList()) {
            Matcher m = LINE.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            long done = Long.parseLong(m.group(1)), total = Long.parseLong(m.group(2));
            assertThat(total).isEqualTo(5);
            assertThat(Long.parseLong(m.group(3))).isEqualTo(100 * done / total);
            counts.add(new long[] {done, Long.parseLong(m.group(4))});
        }
        assertThat(counts).isNotEmpty();
        assertThat(counts.get(0)).containsExactly(0, 0);
        for (int i = 1; i < counts.size(); i++) {
            assertThat(counts.get(i)[0]).isGreaterThanOrEqualTo(counts.get(i - 1)[0]);
            assertThat(counts.get(i)[1]).isGreaterThanOrEqualTo(counts.get(i - 1)[1]);
        }
        // the corrupt, the missing and the HTML "image" failed; the summary agrees
        assertThat(counts.get(counts.size() - 1)).containsExactly(5, 3);
        assertThat(result.summary().tilesFailed()).isEqualTo(3);
        String last = stdout.lines().filter(l -> l.startsWith("Progress:")).reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("Progress: 5/5 (100%) tiles, 3 failed, ").contains(" took ");
        assertThat(stdout).contains("skysift status " + result.runDir());
    }

    @Test
    void metricsNameEveryJobAndStageOfTheRunWithSparksOwnTaskCounts() throws IOException {
        JsonNode m = json(RunWatch.METRICS_FILE);
        assertThat(m.path("state").asText()).isEqualTo("finished");
        assertThat(m.path("tiles").path("total").asLong()).isEqualTo(5);
        assertThat(m.path("tiles").path("done").asLong()).isEqualTo(5);
        assertThat(m.path("tiles").path("failed").asLong()).isEqualTo(3);

        // the jobs are exactly those Spark ran in the run's job group
        Set<Integer> jobs = new HashSet<>();
        m.path("jobs").forEach(j -> jobs.add(j.path("job_id").asInt()));
        Set<Integer> group = new HashSet<>();
        for (int id : spark.sparkContext().statusTracker().getJobIdsForGroup("watched")) {
            group.add(id);
        }
        assertThat(jobs).isEqualTo(group);
        List<String> descriptions = new ArrayList<>();
        m.path("jobs").forEach(j -> descriptions.add(j.path("description").asText()));
        assertThat(descriptions).contains("read and tile targets", "process 5 tiles", "write tiles", "write sources", "summary");

        // every stage's task counts are the ones Spark's own status store kept
        assertThat(m.path("stages").size()).isGreaterThan(5);
        int processStages = 0;
        for (JsonNode s : m.path("stages")) {
            SparkStageInfo info = spark.sparkContext().statusTracker().getStageInfo(s.path("stage_id").asInt()).get();
            assertThat(s.path("tasks_succeeded").asInt()).as(s.toString()).isEqualTo(info.numCompletedTasks());
            assertThat(s.path("tasks_failed").asInt()).isEqualTo(info.numFailedTasks());
            assertThat(s.path("tasks").asInt()).isEqualTo(info.numCompletedTasks() + info.numFailedTasks());
            assertThat(s.path("status").asText()).isEqualTo("succeeded");
            assertThat(s.path("wall_ms").asLong()).isNotNegative();
            if (s.path("description").asText().equals("process 5 tiles") && s.path("name").asText().startsWith("count")) {
                processStages++;
                // five tiles, fewer than 4 x the 2 cores, so one per partition (TileDeal)
                assertThat(s.path("tasks").asInt()).isEqualTo(5);
                assertThat(s.path("shuffle_read_bytes").asLong()).isPositive();
            }
        }
        assertThat(processStages).isEqualTo(1);

        assertThat(m.path("executors").size()).isGreaterThanOrEqualTo(1);
        assertThat(m.path("executors").get(0).path("host").asText()).isNotEmpty();
        assertThat(m.path("executors").get(0).path("tasks").asLong()).isPositive();

        JsonNode series = m.path("tiles_per_s_series");
        assertThat(series.size()).isGreaterThanOrEqualTo(2);
        assertThat(series.get(0).path("done").asLong()).isZero();
        for (int i = 1; i < series.size(); i++) {
            assertThat(series.get(i).path("done").asLong()).isGreaterThanOrEqualTo(series.get(i - 1).path("done").asLong());
            assertThat(series.get(i).path("t_s").asDouble()).isGreaterThanOrEqualTo(series.get(i - 1).path("t_s").asDouble());
        }
        assertThat(series.get(series.size() - 1).path("done").asLong()).isEqualTo(5);
        assertThat(series.get(series.size() - 1).path("failed").asLong()).isEqualTo(3);
    }

    @Test
    void progressFileIsFinalBeforeTheManifestAndTheThreadGetsItsJobGroupBack() throws IOException {
        JsonNode p = json(RunWatch.PROGRESS_FILE);
        assertThat(p.path("state").asText()).isEqualTo("finished");
        assertThat(p.path("tiles").path("total").asLong()).isEqualTo(5);
        assertThat(p.path("tiles").path("done").asLong()).isEqualTo(5);
        assertThat(p.path("tiles").path("failed").asLong()).isEqualTo(3);
        assertThat(p.path("tiles").path("running").asLong()).isZero();
        assertThat(p.path("driver").path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        // the manifest's checksums still hold: neither file was rewritten after it
        JsonNode manifest = json("manifest.json");
        int checked = 0;
        for (JsonNode f : manifest.path("files")) {
            String path = f.path("path").asText();
            if (path.equals(RunWatch.PROGRESS_FILE) || path.equals(RunWatch.METRICS_FILE)) {
                assertThat(Sha256.hex(Files.readAllBytes(runFolder().resolve(path)))).isEqualTo(f.path("sha256").asText());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2);
        assertThat(spark.sparkContext().getLocalProperty("spark.jobGroup.id")).isNull();
        assertThat(spark.sparkContext().getLocalProperty("spark.job.description")).isNull();
    }
}
