package org.skysift.report.plots;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes files under &lt;runDir&gt;/plots through the Hadoop FileSystem (the run folder may be on HDFS). */
final class PlotFiles {
    private final Configuration conf;
    private final String dir;

    PlotFiles(Configuration conf, String runDir) {
        this.conf = conf;
        this.dir = runDir.replaceAll("/+$", "") + "/plots";
    }

    void write(String name, byte[] bytes) {
        Path p = new Path(dir + "/" + name);
        try {
            FileSystem fs = p.getFileSystem(conf);
            try (OutputStream out = fs.create(p, true)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    void writeText(String name, String text) {
        write(name, text.getBytes(StandardCharsets.UTF_8));
    }
}
