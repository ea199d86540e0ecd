package org.skysift.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Opening paths of any Hadoop file system (file://, hdfs://, s3a://, gs://); plain paths are local files. */
public final class HadoopFiles {
    private HadoopFiles() {}

    public static Path path(String uri) {
        return new Path(uri);
    }

    public static FileSystem fs(Path p, Configuration conf) throws IOException {
        return p.getFileSystem(conf);
    }

    public static InputStream open(String uri, Configuration conf) throws IOException {
        Path p = path(uri);
        return fs(p, conf).open(p);
    }

    public static BufferedReader reader(String uri, Configuration conf) throws IOException {
        return new BufferedReader(new InputStreamReader(open(uri, conf), StandardCharsets.UTF_8));
    }

    // schemes of object stores whose new objects appear only when complete (S3 through s3a, Google Cloud Storage)
    private static final java.util.Set<String> OBJECT_STORES = java.util.Set.of("s3a", "s3", "gs");

    /** Writes (or overwrites) a whole file. */
    public static void write(String uri, byte[] bytes, Configuration conf) {
        Path p = path(uri);
        try (java.io.OutputStream out = fs(p, conf).create(p, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + uri, e);
        }
    }

    /**
     * Writes a file under a hidden temporary name in the same folder, then renames it over the final
     * name: a retried or speculative task replaces the file whole, and readers (skysift status, a
     * browser) never see half a file.
     */
    public static void replace(String uri, byte[] bytes, Configuration conf) throws IOException {
        Path target = path(uri);
        FileSystem fs = fs(target, conf);
        String tmpName = "." + target.getName() + "." + java.util.UUID.randomUUID() + ".tmp";
        if (fs instanceof LocalFileSystem local) {
            // Hadoop's local file system forks chmod for every file it creates (without its native
            // library): 5 ms a file, ten times a stamp's rendering; java.nio's rename(2) is as atomic
            java.nio.file.Path file = local.pathToFile(target).toPath();
            java.nio.file.Path tmp = file.resolveSibling(tmpName);
            java.nio.file.Files.createDirectories(file.getParent());
            try {
                java.nio.file.Files.write(tmp, bytes);
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
            return;
        }
        if (OBJECT_STORES.contains(fs.getUri().getScheme())) {
            // an object store shows an object only once its stream is closed, whole, while its rename is a copy
            // that refuses an existing target (s3a throws FileAlreadyExistsException): write in place
            try (java.io.OutputStream o = fs.create(target, true)) {
                o.write(bytes);
            }
            return;
        }
        Path tmp = new Path(target.getParent(), tmpName);
        boolean moved = false;
        try {
            try (java.io.OutputStream o = fs.create(tmp, true)) {
                o.write(bytes);
            }
            if (fs instanceof org.apache.hadoop.hdfs.DistributedFileSystem hdfs) {
                // HDFS's plain rename refuses an existing target; its rename with OVERWRITE replaces it in one
                // NameNode operation, so a reader never finds the file missing
                hdfs.rename(tmp, target, org.apache.hadoop.fs.Options.Rename.OVERWRITE);
                moved = true;
                return;
            }
            moved = fs.rename(tmp, target);
            if (!moved) {
                // file systems whose rename does not replace: drop the old copy, then rename
                fs.delete(target, false);
                moved = fs.rename(tmp, target);
            }
            if (!moved) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } finally {
            if (!moved) {
                fs.delete(tmp, false);
            }
        }
    }

    /** Deletes a file or folder tree if it is there. */
    public static void deleteRecursively(String uri, Configuration conf) {
        Path p = path(uri);
        try {
            fs(p, conf).delete(p, true);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + uri, e);
        }
    }

    public static boolean exists(String uri, Configuration conf) throws IOException {
        Path p = path(uri);
        return fs(p, conf).exists(p);
    }

    /**
     * Makes a user-given location absolute so executors elsewhere see the same file: "file:./x" and
     * plain relative paths become file: URIs under the working directory; other URIs are kept.
     */
    public static String qualify(String uri) {
        if (uri == null || uri.isBlank()) {
            return uri;
        }
        String local = null;
        if (uri.startsWith("file:") && !uri.startsWith("file:/")) {
            local = uri.substring("file:".length());
        } else if (!uri.contains(":") && !uri.startsWith("/")) {
            local = uri;
        } else if (uri.startsWith("/")) {
            local = uri;
        }
        if (local == null) {
            return uri;
        }
        // "file://" + the path as it is: Hadoop's Path takes the text after the scheme literally, so a
        // percent-encoded URI (java.nio's toUri) would name a folder "out%20dir" instead of "out dir"
        String abs = java.nio.file.Path.of(local).toAbsolutePath().normalize().toString();
        return ("file://" + abs).replaceAll("(?<=.)/$", "");
    }

    /**
     * The location as a Hadoop glob that matches only itself: Spark's readers and FileSystem.globStatus
     * take [ ] { } * ? and \ as pattern characters, so a run folder named "out[2]" would be read as a
     * pattern matching "out2". Hadoop's glob syntax escapes them with a backslash (a comma only means
     * something inside braces, escaped too so an escaped brace group stays literal).
     */
    public static String literal(String uri) {
        return uri.replaceAll("([\\\\\\[\\]{}*?,])", "\\\\$1");
    }

    /** A local location (a file: URI or a plain path, qualified) as a java.nio path. */
    public static java.nio.file.Path localPath(String uri) {
        // the decoded path, not Path.of(URI): that refuses the raw non-ASCII letters Hadoop leaves in its URIs
        return java.nio.file.Path.of(path(qualify(uri)).toUri().getPath());
    }

    /**
     * The whole file, refusing one larger than maxBytes (so a stray huge file cannot exhaust a heap).
     *
     * @throws java.io.EOFException when the file ends before its stated length
     */
    public static byte[] readFully(FileSystem fs, Path p, long maxBytes) throws IOException {
        long len = fs.getFileStatus(p).getLen();
        if (len > maxBytes) {
            throw new IOException(p + ": " + len + " bytes, more than the " + maxBytes + " allowed for one image");
        }
        byte[] bytes = new byte[(int) len];
        try (InputStream in = fs.open(p)) {
            int off = 0;
            while (off < bytes.length) {
                int n = in.read(bytes, off, bytes.length - off);
                if (n < 0) {
                    throw new java.io.EOFException(p + ": ended after " + off + " of " + len + " bytes");
                }
                off += n;
            }
        }
        return bytes;
    }

    /** Resolves a path relative to the folder of another (for list files that name images beside them). */
    public static String resolveAgainst(String base, String relative) {
        Path r = new Path(relative);
        if (r.isAbsolute() || r.toUri().getScheme() != null) {
            return relative;
        }
        Path parent = new Path(base).getParent();
        return parent == null ? relative : new Path(parent, relative).toString();
    }

    /**
     * Every file under root (root itself when it is a file), in no particular order. On the local file system
     * this walks with listStatus: Hadoop's recursive listFiles asks each local status for its permission,
     * which without the native library forks {@code ls -ld} per file (~5 ms). Other file systems list
     * recursively in their own way (one flat listing on object stores).
     */
    public static List<FileStatus> files(FileSystem fs, Path root) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        if (!(fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem)) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                out.add(it.next());
            }
            return out;
        }
        ArrayDeque<Path> dirs = new ArrayDeque<>();
        FileStatus top = fs.getFileStatus(root);
        if (!top.isDirectory()) {
            out.add(top);
            return out;
        }
        dirs.add(root);
        while (!dirs.isEmpty()) {
            for (FileStatus st : fs.listStatus(dirs.poll())) {
                if (st.isDirectory()) {
                    dirs.add(st.getPath());
                } else {
                    out.add(st);
                }
            }
        }
        return out;
    }
}
