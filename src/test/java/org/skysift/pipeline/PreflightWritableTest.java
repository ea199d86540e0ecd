package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;

/** Every folder a run writes is created and probed before any tile; an unwritable one is a ConfigException naming its key. */
@Tag("plain")
class PreflightWritableTest {
    @TempDir
    Path dir;
    final Configuration conf = new Configuration();

    private static SkySiftConfig config(String... lines) {
        return ConfigLoader.fromYamlString(String.join("\n", lines));
    }

    /** A regular file: no folder can be made under it, whoever runs the test (root included). */
    private String underAFile(String name) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        return file.resolve(name).toUri().toString();
    }

    @Test
    void aMissingOutputFolderIsCreatedAndLeftWithoutTheProbe() throws IOException {
        Path out = dir.resolve("new/nested/out");
        Preflight.check(config("output: " + out.toUri()), conf);
        assertThat(out).isDirectory();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.toList()).isEmpty(); // probe and its .crc removed
        }
    }

    @Test
    void anOutputUnderAFileIsRefusedNamingTheKeyThePathAndTheReason() throws IOException {
        String out = underAFile("out");
        assertThatThrownBy(() -> Preflight.check(config("output: '" + out + "'"), conf))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("output " + out + ": cannot write there: ")
                .hasMessageContaining(dir.resolve("a-file") + " is a file, not a folder");
    }

    @Test
    void theIssuesProcOutputIsRefused() {
        assumeThat(Path.of("/proc/self")).exists(); // Linux: /proc takes no new folder, not even from root
        assertThatThrownBy(() -> Preflight.check(config("output: file:/proc/nope"), conf))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("output file:/proc/nope: cannot write there: the folder cannot be created");
    }

    @Test
    void aReadOnlyFolderIsRefused() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        assumeThat(ro.toFile().setWritable(false, false)).isTrue();
        try {
            assumeThat(Files.isWritable(ro)).as("running as root: permissions are not enforced").isFalse();
            assertThatThrownBy(() -> Preflight.check(config("output: " + ro.toUri()), conf))
                    .hasMessageStartingWith("output " + ro.toUri() + ": cannot write there: a file cannot be written in it: ")
                    .hasMessageContaining("Permission denied");
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void theImageCacheOfAnHttpSourceIsProbedNotThatOfASyntheticOne() throws IOException {
        String bad = underAFile("cache");
        String out = "output: " + dir.resolve("out").toUri();
        Preflight.check(config(out, "image: {source: synthetic, cache: '" + bad + "'}"), conf);
        assertThatThrownBy(() -> Preflight.check(config(out, "image: {source: dss, cache: '" + bad + "'}"), conf))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("image.cache " + bad + ": cannot write there");
    }

    @Test
    void theReferenceConeCacheIsProbed() throws IOException {
        String bad = underAFile("cones");
        assertThatThrownBy(() -> Preflight.check(config("output: " + dir.resolve("out").toUri(),
                "reference: {kind: vizier, cache: '" + bad + "'}"), conf))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("reference.cache " + bad + ": cannot write there");
    }

    @Test
    void anEpochsOwnCacheIsNamedByItsListKey() throws IOException {
        String bad = underAFile("epoch-cache");
        SkySiftConfig c = config("output: " + dir.resolve("out").toUri(),
                "image: {cache: '" + dir.resolve("cache").toUri() + "'}",
                "epochs:",
                "  list:",
                "    - {name: a, image: {source: eso-dss}}",
                "    - {name: b, image: {source: dss}}",
                "    - {name: c, image: {source: hips2fits, cache: '" + bad + "'}}");
        assertThat(Preflight.writableLocations(c)).isEqualTo(Map.of(
                c.output(), "output", dir.resolve("cache").toUri().toString(), "image.cache", bad, "epochs.list[2].image.cache"));
        assertThatThrownBy(() -> Preflight.check(c, conf))
                .hasMessageStartingWith("epochs.list[2].image.cache " + bad + ": cannot write there");
    }
}
