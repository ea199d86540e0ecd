package org.skysift.report;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.acquire.Sha256;

/**
 * The files of a run folder as the manifest, the package and verify see them: paths relative to the
 * folder, sorted, without file-system bookkeeping (hidden .crc files, _SUCCESS markers, _temporary
 * folders: any path part starting with '.' or '_').
 */
public final class RunFiles {
    /** One file: its path relative to the run folder ('/'-separated), its full path and size. */
    public record Entry(String path, Path file, long bytes) {}

    private RunFiles() {}

    /**
     * The file system without Hadoop's client-side .crc checking (local file:): a file changed by any
     * other tool would otherwise fail to read with a ChecksumException, where verify must say which file
     * changed. The SHA-256 sums are the check here.
     */
    public static FileSystem unchecked(FileSystem fs) {
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    public static List<Entry> list(FileSystem fs, Path root) throws IOException {
        String rootStr = fs.makeQualified(root).toString().replaceAll("/+$", "");
        List<Entry> found = new ArrayList<>();
        for (org.apache.hadoop.fs.FileStatus st : org.skysift.io.HadoopFiles.files(fs, root)) {
            String rel = fs.makeQualified(st.getPath()).toString().substring(rootStr.length() + 1);
            if (!bookkeeping(rel)) {
                found.add(new Entry(rel, st.getPath(), st.getLen()));
            }
        }
        found.sort((a, b) -> a.path().compareTo(b.path()));
        return found;
    }

    static boolean bookkeeping(String relPath) {
        for (String part : relPath.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    public static String sha256(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return digest(in).sha256();
        }
    }

    /** The size and hex SHA-256 of a stream's content. */
    public record Digest(long bytes, String sha256) {}

    /** Reads the stream to its end (without closing it): one zip entry, one file. */
    public static Digest digest(InputStream in) throws IOException {
        MessageDigest md = Sha256.digest();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            md.update(buf, 0, n);
            total += n;
        }
        return new Digest(total, HexFormat.of().formatHex(md.digest()));
    }
}
