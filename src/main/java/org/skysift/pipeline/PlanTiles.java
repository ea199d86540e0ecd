package org.skysift.pipeline;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.acquire.ImageCache;
import org.skysift.acquire.ImageService;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Tile;

/**
 * Turns tiles of work into planned rows on the executors: the image each tile would fetch and whether
 * the image cache has it already (the file and its checksum sidecar are there; the bytes are not hashed,
 * the acquire stage does that), and its reference cone.
 */
final class PlanTiles implements Serializable {
    private static final String[] FILE_EXTENSIONS = {".fits", ".fits.gz", ".fit"};

    private final SkySiftConfig config;
    private final HadoopConf hadoop;

    PlanTiles(SkySiftConfig config, HadoopConf hadoop) {
        this.config = config;
        this.hadoop = hadoop;
    }

    /** What kind of image source the config plans for: http (fetched through the cache), files, rendered, or epochs. */
    static String sourceKind(SkySiftConfig c) {
        if (c.epochs().configured()) {
            return "epochs";
        }
        if (!c.image().services().isEmpty()) {
            return "http";
        }
        return c.image().source().equals("files") ? "files" : "rendered";
    }

    Iterator<PlannedTileRow> rows(Iterator<TileWork> tiles) {
        String kind = sourceKind(config);
        List<ImageService> services = kind.equals("http") ? Stages.httpSource(config, hadoop.get()).services() : List.of();
        ImageCache cache = kind.equals("http") ? new ImageCache(config.image().cache(), hadoop.get()) : null;
        List<PlannedTileRow> out = new ArrayList<>();
        try {
            while (tiles.hasNext()) {
                TileWork w = tiles.next();
                Tile t = w.request().tile();
                String uri = null, cachePath = null, problem = null;
                Boolean cached = null;
                switch (kind) {
                    case "http" -> {
                        String key = ImageCache.key(t);
                        cached = false;
                        // the first service that can be asked, as HttpImageSource tries them
                        for (ImageService s : services) {
                            cached |= present(cache.pathOf(s.name(), s.survey(), key), true);
                            if (uri == null) {
                                try {
                                    uri = s.url(t).toString();
                                    cachePath = cache.pathOf(s.name(), s.survey(), key).toString();
                                } catch (IllegalArgumentException e) {
                                    problem = (problem == null ? "" : problem + "; ") + s.name() + ": " + e.getMessage();
                                }
                            }
                        }
                        problem = uri == null ? problem : null;
                    }
                    case "files" -> {
                        uri = w.request().imageUri() != null ? w.request().imageUri() : inFolder(t.id());
                        cached = uri != null && present(new Path(uri), false);
                        problem = uri == null ? "no image for tile " + t.id() + " in " + config.image().path() : null;
                    }
                    default -> { }
                }
                out.add(new PlannedTileRow(t.id(), t.ra(), t.dec(), t.widthArcmin(), t.heightArcmin(), w.nTargets(),
                        PlannedTileRow.PLANNED, config.image().source(), uri, cachePath, cached, problem,
                        config.reference().kind(), ReferenceJoin.radiusDeg(w, config)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("planning tiles: " + e.getMessage(), e);
        }
        return out.iterator();
    }

    /** A cached image counts when it has its sidecar (the cache drops an image without one on lookup). */
    private boolean present(Path image, boolean withSidecar) throws IOException {
        FileSystem fs = image.getFileSystem(hadoop.get());
        return fs.exists(image)
                && (!withSidecar || fs.exists(new Path(image.getParent(), image.getName() + ImageCache.SIDECAR)));
    }

    /** The file FilesImageSource would read for the tile, or null when the folder has none. */
    private String inFolder(long tileId) throws IOException {
        for (String ext : FILE_EXTENSIONS) {
            Path p = new Path(config.image().path(), tileId + ext);
            if (p.getFileSystem(hadoop.get()).exists(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
