package org.skysift.acquire;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads tile images through the Hadoop FileSystem API: the listed file of a tile, or
 * {@code <folder>/<tile_id>.fits} (also tried with .fits.gz and .fit).
 */
public final class FilesImageSource implements ImageSource {
    private static final long MAX_BYTES = 1L << 30;
    private final String folder;
    private final Configuration conf;

    public FilesImageSource(String folder, Configuration conf) {
        this.folder = folder;
        this.conf = conf;
    }

    @Override
    public AcquiredImage acquire(TileRequest request) throws IOException {
        String uri = request.imageUri() != null ? request.imageUri() : findInFolder(request.tile().id());
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        long len = fs.getFileStatus(p).getLen();
        if (len > MAX_BYTES) {
            throw new IOException(uri + ": " + len + " bytes, more than the " + MAX_BYTES + " allowed for one image");
        }
        byte[] bytes = new byte[(int) len];
        try (InputStream in = fs.open(p)) {
            int off = 0;
            while (off < bytes.length) {
                int n = in.read(bytes, off, bytes.length - off);
                if (n < 0) {
                    throw new IOException(uri + ": ended after " + off + " of " + len + " bytes");
                }
                off += n;
            }
        }
        return new AcquiredImage(fs.makeQualified(p).toString(), bytes, Sha256.hex(bytes), 1, null);
    }

    private String findInFolder(long tileId) throws IOException {
        for (String ext : new String[] {".fits", ".fits.gz", ".fit"}) {
            Path p = new Path(folder, tileId + ext);
            if (p.getFileSystem(conf).exists(p)) {
                return p.toString();
            }
        }
        throw new FileNotFoundException("no image for tile " + tileId + " in " + folder + " (looked for "
                + tileId + ".fits, .fits.gz, .fit)");
    }
}
