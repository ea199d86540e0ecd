package org.skysift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;

class StatusCommandTest {
    private static String progressJson(String state, Instant started, Instant updated, String error) {
        return """
                {"run_id": "r1", "state": "%s", "step": "process 40 tiles",
                 "tiles": {"total": 40, "done": 12, "failed": 1, "running": 2},
                 "tiles_per_s": 0.85, "eta_s": 33,
                 "started_at": "%s", "processing_started_at": "%s", "updated_at": "%s",
                 "update_interval_s": 3.0, "driver": {"host": "node-a", "pid": 4242}, "error": %s}
                """.formatted(state, started, started.plusSeconds(20), updated, error == null ? "null" : "\"" + error + "\"");
    }

    private static Path runFolder(Path dir, String progress) throws IOException {
        Path run = Files.createDirectories(dir.resolve("out/r1"));
        Files.writeString(run.resolve("progress.json"), progress);
        return run;
    }

    @Test
    void aFinishedRunShowsItsTilesAndHeadlineFigures(@TempDir Path dir) throws IOException {
        SyntheticSky sky = new SyntheticSky(TestSkies.standard(42));
        Files.write(dir.resolve("a.fits"), SyntheticRenderer.render(new Tile(1, 120, 30, 12, 12), sky).fits());
        Files.writeString(dir.resolve("bad.fits"), "not a FITS file");
        Files.writeString(dir.resolve("images.csv"), "path,ra,dec\na.fits,120,30\nbad.fits,122,30\n");
        CliRun.Outcome run = CliRun.run("run", "--master", "local[2]", "--set", "run_id=st",
                "--set", "output=" + dir.resolve("out").toUri(), "--set", "image.source=files",
                "--set", "image.list=" + dir.resolve("images.csv").toUri(), "--set", "tiling.tile_arcmin=12");
        assertThat(run.code()).as(run.err()).isZero();
        // stdout is not a terminal here: plain lines, the last one complete
        List<String> progress = run.out().lines().filter(l -> l.startsWith("Progress:")).toList();
        assertThat(progress.get(0)).startsWith("Progress: 0/2 (0%) tiles, 0 failed, 0.00 tiles/s, ETA unknown");
        assertThat(progress.get(progress.size() - 1)).startsWith("Progress: 2/2 (100%) tiles, 1 failed, ");
        assertThat(run.out()).contains("metrics:  ");

        String runDir = dir.resolve("out/st").toUri().toString();
        CliRun.Outcome o = CliRun.run("status", runDir);
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = o.out().lines().toList();
        assertThat(lines.get(0)).startsWith("run st: finished in ");
        assertThat(lines.get(1)).startsWith("  tiles:    2 done, 1 failed; ").endsWith(" tiles/s while processing");
        assertThat(o.out()).containsPattern("counts: +\\d+ targets, [1-9]\\d* sources, \\d+ matches, \\d+ candidates")
                .contains("summary:  " + runDir.replaceAll("/$", "") + "/summary.md");
    }

    @Test
    void aRunStoppedByFailFastIsReportedFailedWithItsError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.fits"), "not a FITS file");
        Files.writeString(dir.resolve("images.csv"), "path,ra,dec\nbad.fits,122,30\n");
        CliRun.Outcome run = CliRun.run("run", "--master", "local[2]", "--fail-fast", "--set", "run_id=ff",
                "--set", "output=" + dir.resolve("out").toUri(), "--set", "image.source=files",
                "--set", "image.list=" + dir.resolve("images.csv").toUri(), "--set", "tiling.tile_arcmin=12");
        assertThat(run.code()).isEqualTo(SkySift.FAILED);
        CliRun.Outcome o = CliRun.run("status", dir.resolve("out/ff").toString());
        assertThat(o.code()).as(o.out() + o.err() + run.err()).isEqualTo(SkySift.FAILED);
        assertThat(o.out()).startsWith("run ff: failed: ").contains("bad.fits");
        assertThat(o.out()).contains("  tiles:    0/1 done (0%)");
    }

    @Test
    void aRunningRunShowsCountsRateAndEta(@TempDir Path dir) throws IOException {
        Instant now = Instant.now();
        Path run = runFolder(dir, progressJson("running", now.minusSeconds(300), now.minusSeconds(2), null));
        CliRun.Outcome o = CliRun.run("status", run.toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = o.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("run r1: running (now: process 40 tiles)");
        assertThat(lines.get(1)).isEqualTo("  tiles:    12/40 done (30%), 1 failed, 2 running");
        assertThat(lines.get(2)).isEqualTo("  rate:     0.85 tiles/s, ETA 33 s");
        assertThat(lines.get(3)).startsWith("  started:  " + now.minusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(lines.get(4)).isEqualTo("  driver:   node-a, pid 4242");
    }

    @Test
    void aRunningRunWhoseFileWentStaleIsProbablyDead(@TempDir Path dir) throws IOException {
        Instant now = Instant.now();
        Path run = runFolder(dir, progressJson("running", now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(2)), null));
        CliRun.Outcome o = CliRun.run("status", run.toString());
        assertThat(o.code()).isEqualTo(SkySift.FAILED);
        assertThat(o.out().lines().findFirst().orElseThrow())
                .startsWith("run r1: probably dead: marked running, but progress.json was last updated 2 h 00 min ago")
                .contains("node-a pid 4242");
        assertThat(o.out()).contains("12/40 done (30%)").doesNotContain("ETA");
    }

    @Test
    void aFailedRunSaysWhy(@TempDir Path dir) throws IOException {
        Instant now = Instant.now();
        Path run = runFolder(dir, progressJson("failed", now.minusSeconds(60), now.minusSeconds(1), "java.io.IOException: disk full"));
        CliRun.Outcome o = CliRun.run("status", run.toString());
        assertThat(o.code()).isEqualTo(SkySift.FAILED);
        assertThat(o.out()).startsWith("run r1: failed: java.io.IOException: disk full");
    }

    @Test
    void aFolderThatIsNotARunIsExitTwo(@TempDir Path dir) throws IOException {
        CliRun.Outcome empty = CliRun.run("status", dir.toString());
        assertThat(empty.code()).isEqualTo(SkySift.BAD_INPUT);
        assertThat(empty.err()).contains("is not a SkySift run folder").contains("progress.json").contains("summary.json");

        CliRun.Outcome missing = CliRun.run("status", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(SkySift.BAD_INPUT);
        assertThat(missing.err()).contains("no such folder").contains("nope");

        Path run = runFolder(dir, "{\"run_id\": \"r1\", \"tiles\": {}}");
        CliRun.Outcome broken = CliRun.run("status", run.toString());
        assertThat(broken.code()).isEqualTo(SkySift.BAD_INPUT);
        assertThat(broken.err()).contains("progress.json").contains("field state");
    }
}
