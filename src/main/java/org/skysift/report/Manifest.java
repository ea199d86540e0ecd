package org.skysift.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;

/**
 * manifest.json: the config as run, versions, counts, and every output file (path relative to the
 * run folder, bytes, sha256). File-system bookkeeping files (hidden .crc files, _SUCCESS markers)
 * are left out.
 */
public final class Manifest {
    public static final String NAME = "manifest.json";

    private Manifest() {}

    public static void write(Configuration conf, String runDir, String runId, SkySiftConfig config, ObjectNode counts,
                      String sparkVersion) {
        ObjectNode m = ConfigLoader.json().createObjectNode();
        m.put("run_id", runId);
        m.put("created_at", Instant.now().toString());
        ObjectNode v = m.putObject("versions");
        v.put("skysift", Versions.skysift());
        v.put("spark", sparkVersion);
        v.put("java", System.getProperty("java.version"));
        m.set("config", ConfigLoader.toTree(config));
        m.set("counts", counts.deepCopy());
        ArrayNode files = m.putArray("files");
        try {
            Path root = new Path(runDir);
            FileSystem fs = root.getFileSystem(conf);
            String rootStr = fs.makeQualified(root).toString();
            List<LocatedFileStatus> found = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                found.add(it.next());
            }
            found.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
            for (LocatedFileStatus st : found) {
                String name = st.getPath().getName();
                if (name.startsWith(".") || name.startsWith("_") || name.equals(NAME)) {
                    continue;
                }
                ObjectNode f = files.addObject();
                f.put("path", st.getPath().toString().substring(rootStr.length() + 1));
                f.put("bytes", st.getLen());
                f.put("sha256", sha256(fs, st.getPath()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + runDir + " for the manifest", e);
        }
        RunReport.writeText(conf, runDir + "/" + NAME, RunReport.pretty(m));
    }

    static String sha256(FileSystem fs, Path p) throws IOException {
        MessageDigest md = Sha256.digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = fs.open(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
