package org.skysift.pipeline.resume;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.io.HadoopFiles;
import org.skysift.pipeline.HadoopConf;
import org.skysift.pipeline.TileResult;

/**
 * Each finished tile's result, kept under {@code <runDir>/_checkpoint/tiles/<tile_id>.ser} the moment the
 * executor finishes it, so a rerun of a broken run reads it back instead of processing the tile again.
 *
 * <p>The format is the rows' own Java serialization, gzipped: it gives back every record exactly (nulls,
 * NaN, double bits, arrays) with no second schema to keep in step with the row records, and a checkpoint
 * is only ever read by the build that wrote it (the run's config fingerprint sits beside it). A file is
 * written under a temporary name and renamed, so a task killed mid-write leaves nothing that counts.
 */
public final class TileCheckpoints implements Serializable {
    public static final String FOLDER = "_checkpoint";
    static final String EXT = ".ser";
    private static final Pattern NAME = Pattern.compile("(-?\\d+)" + Pattern.quote(EXT));
    /** What a checkpoint may hold: the row records, boxed numbers, strings, lists, timestamps and arrays. */
    private static final ObjectInputFilter ROWS = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;org.skysift.pipeline.*;java.lang.*;java.util.*;java.sql.Timestamp;!*");

    /** A tile's rows are a few MB at most; a larger file is not one of ours. */
    private static final long MAX_BYTES = 1L << 30;

    private final String runDir;
    private final HadoopConf hadoop;

    public TileCheckpoints(String runDir, HadoopConf hadoop) {
        this.runDir = runDir;
        this.hadoop = hadoop;
    }

    public static String folder(String runDir) {
        return runDir + "/" + FOLDER;
    }

    static String tilesFolder(String runDir) {
        return folder(runDir) + "/tiles";
    }

    private String file(long tileId) {
        return tilesFolder(runDir) + "/" + tileId + EXT;
    }

    /**
     * Keeps a finished tile unless it failed: a failed tile is tried again by a resumed run (the disk that was
     * full, the service that was down may be back). Returns whether it was kept.
     */
    public boolean keep(TileResult result) {
        if ("failed".equals(result.tile().status())) {
            return false;
        }
        write(result);
        return true;
    }

    /** Keeps one finished tile; a retried or speculative attempt replaces the file whole with the same rows. */
    public void write(TileResult result) {
        String uri = file(result.tile().tileId());
        try {
            HadoopFiles.replace(uri, serialise(result), hadoop.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + uri, e);
        }
    }

    /** The result a previous attempt of this run kept for the tile. */
    public TileResult read(long tileId) {
        String uri = file(tileId);
        try {
            Path p = new Path(uri);
            TileResult r = deserialise(HadoopFiles.readFully(p.getFileSystem(hadoop.get()), p, MAX_BYTES));
            if (r.tile().tileId() != tileId) {
                throw new IOException("it holds tile " + r.tile().tileId());
            }
            return r;
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("cannot read the checkpoint " + uri + " (" + e
                    + "); rerun with --redo to start run " + new Path(runDir).getName() + " over", e);
        }
    }

    /** Tile ids with a complete checkpoint (temporary files of unfinished writes do not count). */
    public static Set<Long> done(String runDir, Configuration conf) {
        Set<Long> ids = new HashSet<>();
        Path folder = new Path(tilesFolder(runDir));
        try {
            FileSystem fs = folder.getFileSystem(conf);
            if (!fs.exists(folder)) {
                return ids;
            }
            for (FileStatus f : fs.listStatus(folder)) {
                Matcher m = NAME.matcher(f.getPath().getName());
                if (f.isFile() && m.matches()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + folder, e);
        }
        return ids;
    }

    /** Drops the checkpoints once the tables hold every tile (the run package must not carry them). */
    public static void delete(String runDir, Configuration conf) {
        HadoopFiles.deleteRecursively(folder(runDir), conf);
    }

    static byte[] serialise(TileResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(new GZIPOutputStream(bytes))) {
            out.writeObject(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TileResult deserialise(byte[] b) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new GZIPInputStream(new ByteArrayInputStream(b)))) {
            in.setObjectInputFilter(ROWS);
            return (TileResult) in.readObject();
        }
    }
}
