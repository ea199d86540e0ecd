package org.skysift.pipeline.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.config.ConfigLoader;
import org.skysift.io.HadoopFiles;

/** JSON files in a run folder on any Hadoop file system, replaced whole so a reader never sees half a file. */
public final class RunJson {
    private RunJson() {}

    public static void writeJson(Configuration conf, String uri, JsonNode json) {
        try {
            byte[] text = ConfigLoader.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
            byte[] line = java.util.Arrays.copyOf(text, text.length + 1);
            line[text.length] = '\n';
            HadoopFiles.replace(uri, line, conf);
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
