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
        return find(Long.toString(tileId), "tile " + tileId);
    }

    /**
     * The folder's {@code <stem>.fits}, else .fits.gz, else .fit.
     *
     * @param what what the image is of, for the error ("tile 4711", "frame 2 of tile 4711")
     * @throws FileNotFoundException naming the folder and the names looked for
     */
    public String find(String stem, String what) throws IOException {
        for (String ext : new String[] {".fits", ".fits.gz", ".fit"}) {
            Path p = new Path(folder, stem + ext);
            if (p.getFileSystem(conf).exists(p)) {
                return p.toString();
            }
        }
        throw new FileNotFoundException("no image for " + what + " in " + folder + " (looked for " + stem
                + ".fits, .fits.gz, .fit)");
    }
}
