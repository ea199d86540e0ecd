package org.skysift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static CliRun.Outcome run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void badConfigKeyIsExitTwoNamingTheKey(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "extract:\n  detect_thres: 2.0\n");
        CliRun.Outcome o = run("run", "--config", cfg.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("extract.detect_thres").contains("extract.detect_thresh");
    }

    @Test
    void badSetValueAndMissingFileAreExitTwo(@TempDir Path dir) {
        assertThat(run("run", "--set", "match.radius_arcsec=-3").code()).isEqualTo(2);
        CliRun.Outcome o = run("run", "--config", dir.resolve("absent.yaml").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("absent.yaml");
        assertThat(run("run", "--no-such-flag").code()).isEqualTo(2);
    }

    @Test
    void csvWithNoValidRowIsExitTwoNamingTheLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "ra,dec\nabc,10\n12,\n");
        CliRun.Outcome o = run("run", "--master", "local[1]", "--set", "targets.kind=csv", "--set", "targets.path=" + csv,
                "--set", "output=" + dir.resolve("out").toUri());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("t.csv").contains("line 2");
    }

    @Test
    void anUnwritableOutputIsExitTwoBeforeAnyTileWithoutAStackTrace(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String out = file.resolve("out").toUri().toString();
        Path cache = dir.resolve("cache");
        // an HTTP source at a closed port: had the preflight let the run through, its tiles would fail, not exit 2
        CliRun.Outcome o = run("run", "--master", "local[1]", "--set", "output=" + out, "--set", "image.source=dss",
                "--set", "image.endpoint=http://127.0.0.1:9/dss", "--set", "image.cache=" + cache.toUri(),
                "--set", "targets.count=2");
        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).doesNotContain("\tat ").contains("skysift: output " + out + ": cannot write there: file:" + file
                + " is a file, not a folder (nothing was processed; choose a writable location)");
        assertThat(o.out()).doesNotContain("tiles");
        assertThat(cache).as("the image cache, probed after the output, is not created").doesNotExist();
    }

    @Test
    void helpAndVersion() {
        CliRun.Outcome help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run").contains("synth");
        CliRun.Outcome v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("skysift ");
    }

    @Test
    void synthWritesImagesAListAndAReference(@TempDir Path dir) throws IOException {
        CliRun.Outcome o = run("synth", "--out", dir.toString(), "--at", "10,20", "--size-arcmin", "5");
        assertThat(o.code()).isZero();
        assertThat(dir.resolve("images/tile-01.fits")).isRegularFile();
        assertThat(Files.readAllLines(dir.resolve("images.csv"))).containsExactly("path,ra,dec", "images/tile-01.fits,10.000000,20.000000");
        assertThat(Files.readAllLines(dir.resolve("reference.csv")).size()).isGreaterThan(10);
    }
}
