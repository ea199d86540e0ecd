package org.skysift.pipeline.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.config.ConfigLoader;

/** JSON files in a run folder on any Hadoop file system, replaced whole so a reader never sees half a file. */
public final class RunFiles {
    private RunFiles() {}

    public static void writeJson(Configuration conf, String uri, JsonNode json) {
        Path dst = new Path(uri);
        // hidden name: the manifest and Spark's readers skip files starting with '.'
        Path tmp = new Path(dst.getParent(), "." + dst.getName() + ".tmp");
        try {
            FileSystem fs = dst.getFileSystem(conf);
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(ConfigLoader.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
                out.write('\n');
            }
            // a local rename replaces the old file in one step; stores whose rename refuses to replace get delete + rename
            if (!fs.rename(tmp, dst)) {
                fs.delete(dst, false);
                if (!fs.rename(tmp, dst)) {
                    throw new IOException("cannot rename " + tmp + " to " + dst);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + uri, e);
        }
    }

    /** The parsed file, or empty when there is none. */
    public static Optional<JsonNode> readJson(Configuration conf, String uri) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(p)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            try {
                return Optional.of(ConfigLoader.json().readTree(text));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new IOException(uri + " is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
    }
}
