package org.skysift.acquire;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.io.HadoopFiles;

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
        byte[] bytes = HadoopFiles.readFully(fs, p, MAX_BYTES);
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
