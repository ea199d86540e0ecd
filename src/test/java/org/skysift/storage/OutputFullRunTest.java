package org.skysift.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.cli.CliRun;
import org.skysift.testing.TestConfigs;

/**
 * The output fills up during a run: `skysift run` of 2 synthetic tiles of 30' into an output on a small tmpfs
 * that the write probe passes (a few pages free) but that cannot take the run's files. The run stops with
 * exit 1 and one line naming the file it could not write under the output and the system's reason, no stack
 * trace; its folder has no manifest.json (so it never passes for a finished run) and no lock is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputFullRunTest {
    @TempDir
    static Path tmp;
    SmallDisk disk;
    CliRun.Outcome run;

    @BeforeAll
    void runOnce() throws Exception {
        disk = SmallDisk.mount(tmp.resolve("out"), 2L << 20);
        disk.fillLeaving(4 * 4096);
        Path config = Files.writeString(tmp.resolve("run.yaml"), String.join("\n",
                "run_id: full",
                "output: 'file:" + disk.dir + "'",
                "targets: {kind: fibonacci, count: 2, seed: 3}",
                "tiling: {tile_arcmin: 30}",
                TestConfigs.NO_REPORTS,
                ""));
        run = CliRun.run("run", "--config", config.toString(), "--master", "local[2]");
        System.out.print(run.out());
        System.out.print(run.err());
    }

    @AfterAll
    void unmount() {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void theRunStopsWithOneLineNamingTheFileAndTheReason() {
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
        String first = run.err().lines().filter(l -> l.startsWith("skysift: failed: ")).findFirst().orElseThrow();
        assertThat(first).startsWith("skysift: failed: cannot write file:" + disk.dir.resolve("full") + "/")
                .contains(": No space left on device. The run stopped before its manifest.json");
        assertThat(run.err()).doesNotContain("\tat org.apache.spark");
    }

    @Test
    void theFolderDoesNotPassForAFinishedRun() {
        assertThat(disk.dir.resolve("full/manifest.json")).doesNotExist();
        assertThat(disk.dir.resolve("full/summary.json")).doesNotExist();
        assertThat(disk.dir.resolve("full/" + org.skysift.pipeline.resume.RunLock.FILE)).doesNotExist();
    }
}
