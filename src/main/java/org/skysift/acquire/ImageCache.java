package org.skysift.acquire;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.sky.Tile;

/**
 * Downloaded images on any Hadoop file system, laid out as
 * {@code <root>/<service>/<survey>/<key>.fits} with a {@code <key>.fits.sha256} sidecar in
 * {@code sha256sum} format. A lookup trusts a file only when its bytes hash to the sidecar (else it
 * is removed and reported as a miss); a store writes a uniquely named temporary file and renames it
 * into place, so readers never see a partial image and a failed write leaves nothing behind.
 */
public final class ImageCache {
    public static final String SUFFIX = ".fits";
    public static final String SIDECAR = ".sha256";
    private static final long MAX_BYTES = 1L << 30;

    private final Path root;
    private final Configuration conf;

    public ImageCache(String root, Configuration conf) {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("image cache location is empty");
        }
        this.root = new Path(root);
        this.conf = conf;
    }

    /** A cached image: where it lives, its bytes and their SHA-256. */
    public record Entry(String uri, byte[] bytes, String sha256) {}

    /**
     * File name stem for a tile: id, centre and size all take part, so a tile whose centre or size
     * changed (another tiling, another tile_arcmin) never picks up the old image.
     */
    public static String key(Tile t) {
        return String.format(Locale.ROOT, "%d_%.6f_%+.6f_%.3fx%.3f",
                t.id(), ImageServices.wrapRa(t.ra()), t.dec(), t.widthArcmin(), t.heightArcmin());
    }

    /** A path segment safe on every file system: HiPS ids such as CDS/P/DSS2/red become CDS_P_DSS2_red. */
    static String segment(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._-]", "_");
        if (out.isEmpty() || out.startsWith(".")) {
            out = "_" + out;
        }
        return out;
    }

    public Path pathOf(String service, String survey, String key) {
        return new Path(new Path(new Path(root, segment(service)), segment(survey)), key + SUFFIX);
    }

    /** The cached image, or empty when absent or when its checksum does not verify (the bad copy is removed). */
    public Optional<Entry> lookup(String service, String survey, String key) throws IOException {
        Path file = pathOf(service, survey, key);
        Path side = sidecarOf(file);
        FileSystem fs = fs(file);
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        String expected;
        byte[] bytes;
        try {
            expected = fs.exists(side) ? readSidecar(fs, side) : null;
            bytes = readAll(fs, file);
        } catch (FileNotFoundException e) {
            return Optional.empty(); // removed meanwhile by another lookup or store
        }
        String actual = Sha256.hex(bytes);
        if (expected == null || !expected.equals(actual)) {
            // A copy we cannot vouch for is worth less than a refetch: drop it so the next store is clean.
            fs.delete(file, false);
            fs.delete(side, false);
            return Optional.empty();
        }
        return Optional.of(new Entry(fs.makeQualified(file).toString(), bytes, actual));
    }

    /** Stores the bytes atomically and returns the entry; on any failure nothing is left under the final names. */
    public Entry store(String service, String survey, String key, byte[] bytes) throws IOException {
        Path file = pathOf(service, survey, key);
        Path side = sidecarOf(file);
        FileSystem fs = fs(file);
        String sha = Sha256.hex(bytes);
        if (!fs.mkdirs(file.getParent())) {
            throw new IOException(where(fs, file.getParent()) + ": the folder cannot be created" + whyNoFolder(fs, file.getParent()));
        }
        String tag = ".tmp-" + UUID.randomUUID();
        Path tmpFile = new Path(file.getParent(), file.getName() + tag);
        Path tmpSide = new Path(file.getParent(), side.getName() + tag);
        boolean moved = false;
        boolean done = false;
        try {
            write(fs, tmpFile, bytes);
            write(fs, tmpSide, (sha + "  " + file.getName() + "\n").getBytes(StandardCharsets.US_ASCII));
            // Data first, then the sidecar: between the two renames a reader sees no (or an old) sidecar,
            // which is a miss, never a wrong image.
            fs.delete(side, false);
            moveInto(fs, tmpFile, file);
            moved = true;
            moveInto(fs, tmpSide, side);
            done = true;
        } catch (IOException e) {
            throw new IOException(where(fs, file) + ": " + reason(e), e);
        } finally {
            if (!done) {
                fs.delete(tmpFile, false);
                fs.delete(tmpSide, false);
                if (moved) {
                    fs.delete(file, false); // an image without its sidecar would only be deleted by the next lookup
                }
            }
        }
        return new Entry(fs.makeQualified(file).toString(), bytes, sha);
    }

    /** Removes a cached image and its sidecar (both absent is fine). */
    public void remove(String service, String survey, String key) throws IOException {
        Path file = pathOf(service, survey, key);
        FileSystem fs = fs(file);
        fs.delete(file, false);
        fs.delete(sidecarOf(file), false);
    }

    public Path root() {
        return root;
    }

    private static Path sidecarOf(Path file) {
        return new Path(file.getParent(), file.getName() + SIDECAR);
    }

    /**
     * The file system for a path. On the local disk the raw file system is used: the checksummed
     * wrapper would add .crc files beside ours and its rename is not a single atomic move.
     */
    private FileSystem fs(Path p) throws IOException {
        FileSystem fs = p.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }

    /**
     * Hadoop's local file system turns a failed write (a full disk) into {@link FSError}, an Error that
     * would end the task and with it the job: here it is the IOException it wraps, so only the tile fails.
     */
    private static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(p, false)) {
            out.write(bytes);
        } catch (FSError e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Hadoop's local mkdirs says only false; java.nio says why (read-only file system, no space, a file in the way). */
    private static String whyNoFolder(FileSystem fs, Path dir) {
        if (!(fs instanceof org.apache.hadoop.fs.RawLocalFileSystem local)) {
            return "";
        }
        try {
            java.nio.file.Files.createDirectories(local.pathToFile(dir).toPath());
            return "";
        } catch (IOException e) {
            return ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private static String where(FileSystem fs, Path p) {
        return "image cache " + fs.makeQualified(p);
    }

    /** The OS's words (e.g. "No space left on device"), without the path the IOException repeats. */
    private static String reason(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int paren = m.lastIndexOf(" (");
        // java.io: "/c/x.fits.tmp-… (Read-only file system)"
        if (m.endsWith(")") && paren > 0 && m.startsWith("/")) {
            m = m.substring(paren + 2, m.length() - 1);
        }
        return m;
    }

    /** rename() refuses an existing target on HDFS and replaces it on the local disk: make both replace. */
    private static void moveInto(FileSystem fs, Path from, Path to) throws IOException {
        if (fs.rename(from, to)) {
            return;
        }
        fs.delete(to, false);
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private static String readSidecar(FileSystem fs, Path side) throws IOException {
        byte[] b = readAll(fs, side);
        String s = new String(b, StandardCharsets.US_ASCII).strip();
        int sp = s.indexOf(' ');
        String hex = (sp > 0 ? s.substring(0, sp) : s).toLowerCase(Locale.ROOT);
        return hex.matches("[0-9a-f]{64}") ? hex : null;
    }

    private static byte[] readAll(FileSystem fs, Path p) throws IOException {
        try {
            return org.skysift.io.HadoopFiles.readFully(fs, p, MAX_BYTES);
        } catch (java.io.EOFException e) {
            throw new FileNotFoundException(e.getMessage());
        }
    }
}
