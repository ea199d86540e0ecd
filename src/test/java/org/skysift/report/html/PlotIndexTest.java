package org.skysift.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("plain")
class PlotIndexTest {
    @TempDir
    Path dir;

    private PlotIndex.Plots read() throws Exception {
        return PlotIndex.read(FileSystem.getLocal(new Configuration()), dir.toUri().toString().replaceAll("/$", ""));
    }

    @Test
    void noListMeansNoFiguresAndNoProblem() throws Exception {
        assertThat(read()).isEqualTo(new PlotIndex.Plots(java.util.List.of(), null));
    }

    @Test
    void entriesKeepTheirOrderAndSayWhetherTheFileIsThere() throws Exception {
        PlotFixtures.png(dir.resolve("plots/b.png"), 8, 8, 1);
        Files.writeString(dir.resolve("plots/plots.json"), """
                [{"file": "b.png", "title": "B", "caption": "second letter"},
                 {"file": "gone.png", "title": "Gone"},
                 {"file": "/etc/passwd"}, {"file": "x/../../y.png"}, {"file": "http://example.org/a.png"}]
                """);
        PlotIndex.Plots p = read();
        assertThat(p.plots()).containsExactly(new Plot("b.png", "B", "second letter", true), new Plot("gone.png", "Gone", "", false));
        assertThat(p.problem()).contains("entry 3 (file '/etc/passwd')", "entry 4", "entry 5");
    }

    @Test
    void aListThatCannotBeReadIsReportedNotThrown() throws Exception {
        Files.createDirectories(dir.resolve("plots"));
        Files.writeString(dir.resolve("plots/plots.json"), "[{\"file\": ");
        assertThat(read().problem()).startsWith("plots/plots.json could not be read");
        Files.writeString(dir.resolve("plots/plots.json"), "{\"file\": \"a.png\"}");
        assertThat(read().problem()).isEqualTo("plots/plots.json is not a JSON array of {file, title, caption}");
        assertThat(read().plots()).isEmpty();
    }
}
