package org.skysift.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locations stay literal: made absolute without percent-encoding, and matched as themselves by a glob. */
@Tag("plain")
class HadoopFilesPathsTest {
    static final String ODD = "out a b[2]{a,b}*?é,x";

    @Test
    void aRelativeLocalPathBecomesAnAbsoluteFileUriOfTheSameName() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(HadoopFiles.qualify("file:./" + ODD)).isEqualTo("file://" + cwd + "/" + ODD);
        assertThat(HadoopFiles.qualify(ODD + "/")).isEqualTo("file://" + cwd + "/" + ODD);
        assertThat(HadoopFiles.qualify("/data/" + ODD)).isEqualTo("file:///data/" + ODD);
        // other schemes and absolute file URIs are the user's, kept as given
        assertThat(HadoopFiles.qualify("hdfs://nn:8020/x/" + ODD)).isEqualTo("hdfs://nn:8020/x/" + ODD);
        assertThat(HadoopFiles.qualify("file:/data/" + ODD)).isEqualTo("file:/data/" + ODD);
        // a Hadoop path of it names the folder itself, not "out%20a%20b..."
        assertThat(HadoopFiles.localPath("file:./" + ODD)).isEqualTo(Path.of(cwd, ODD));
    }

    @Test
    void anEscapedLocationGlobsToItselfAndNotToItsLookAlikes(@TempDir Path dir) throws Exception {
        Path odd = Files.createDirectories(dir.resolve(ODD));
        // what the unescaped pattern would match instead: "out a b2a*..." style names
        Files.createDirectories(dir.resolve("out a b2a-x?é,x"));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        String uri = "file://" + odd;
        FileStatus[] raw = fs.globStatus(new org.apache.hadoop.fs.Path(uri));
        assertThat(raw).as("the raw name as a pattern finds the look-alike, not the folder")
                .extracting(st -> Path.of(st.getPath().toUri().getPath())).containsExactly(dir.resolve("out a b2a-x?é,x"));
        FileStatus[] literal = fs.globStatus(new org.apache.hadoop.fs.Path(HadoopFiles.literal(uri)));
        assertThat(literal).hasSize(1);
        assertThat(Path.of(literal[0].getPath().toUri().getPath())).isEqualTo(odd);
    }
}
