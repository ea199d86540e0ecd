package org.skysift.report.plots;

import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.skysift.io.HadoopFiles;

/** Writes files under &lt;runDir&gt;/plots through the Hadoop FileSystem (the run folder may be on HDFS). */
final class PlotFiles {
    private final Configuration conf;
    private final String dir;

    PlotFiles(Configuration conf, String runDir) {
        this.conf = conf;
        this.dir = runDir.replaceAll("/+$", "") + "/plots";
    }

    void write(String name, byte[] bytes) {
        HadoopFiles.write(dir + "/" + name, bytes, conf);
    }

    void writeText(String name, String text) {
        write(name, text.getBytes(StandardCharsets.UTF_8));
    }
}
