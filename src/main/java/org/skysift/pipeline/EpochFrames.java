package org.skysift.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.skysift.acquire.AcquiredImage;
import org.skysift.acquire.ImageSource;
import org.skysift.acquire.Sha256;
import org.skysift.acquire.TileRequest;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.io.Csv;
import org.skysift.io.HadoopFiles;
import org.skysift.sky.Tile;
import org.skysift.synth.EpochFrame;
import org.skysift.synth.EpochRenderer;
import org.skysift.synth.InjectedChange;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SyntheticEpoch;
import org.skysift.synth.SyntheticSky;

/**
 * The frames of one epoch of one tile, from the epoch's image section:
 * synthetic epochs are rendered by {@link EpochRenderer} (all epochs from one sky, with their injected
 * changes); image.path epochs read {@code <tile_id>.fits} (one frame) or {@code <tile_id>-<n>.fits},
 * n = 1..frames; image.list epochs take every row of the list whose position lies in the tile (and
 * whose optional {@code epoch} column names this epoch), ordered by the optional {@code date} column,
 * then by line; survey epochs (dss, hips2fits) fetch one image through the image cache.
 */
final class EpochFrames {
    /** One frame as read: where it came from, the image, its size and checksum, fetch attempts, rendered stars. */
    record Frame(String uri, FitsImage image, long bytes, String sha256, int attempts,
                 List<RenderedTile.PlacedStar> truth) {}

    /** The frames of an epoch (first = the stack's grid) and, for synthetic epochs, every injected change of the tile. */
    record Acquired(List<Frame> frames, List<InjectedChange> changes) {}

    /** Rows of image lists read on this executor, by list URI: read once, not once per tile and epoch. */
    private static final Map<String, Csv.Table> LISTS = new ConcurrentHashMap<>();

    private final SkySiftConfig config;
    private final Configuration conf;
    private final SkySiftConfig.Image[] images;
    private final ImageSource[] sources;
    private final List<SyntheticEpoch> synthetic;
    private SyntheticSky sky;

    EpochFrames(SkySiftConfig config, Configuration conf) {
        this.config = config;
        this.conf = conf;
        int n = config.epochs().list().size();
        images = new SkySiftConfig.Image[n];
        sources = new ImageSource[n];
        for (int k = 0; k < n; k++) {
            images[k] = Stages.epochImage(config, k);
        }
        synthetic = Stages.syntheticEpochs(config);
    }

    Acquired acquire(Tile tile, int k) throws IOException {
        SkySiftConfig.Image image = images[k];
        int frames = config.epochs().list().get(k).frames();
        if (image.source().equals("synthetic")) {
            return synthetic(tile, k, frames);
        }
        if (sources[k] == null) {
            sources[k] = Stages.imageSource(config, image, conf);
        }
        List<Frame> out = new ArrayList<>();
        for (String uri : uris(tile, k, image, frames)) {
            AcquiredImage a = sources[k].acquire(new TileRequest(tile, uri));
            out.add(new Frame(a.uri(), FitsReader.read(new ByteArrayInputStream(a.bytes()), a.uri()), a.bytes().length,
                    a.sha256(), a.attempts(), a.truth()));
        }
        if (out.isEmpty()) {
            throw new IOException("no frame of epoch " + name(k) + " in tile " + tile.id() + " (" + image.list() + ")");
        }
        return new Acquired(out, List.of());
    }

    /** The explicit frame URIs of a files epoch; a single null = the source's own choice (folder or survey). */
    private List<String> uris(Tile tile, int k, SkySiftConfig.Image image, int frames) {
        List<String> uris = new ArrayList<>();
        if (image.source().equals("files") && image.list() != null && !image.list().isBlank()) {
            return listed(tile, k, image.list());
        }
        if (image.source().equals("files") && frames > 1) {
            for (int f = 1; f <= frames; f++) {
                uris.add(new Path(image.path(), tile.id() + "-" + f + ".fits").toString());
            }
            return uris;
        }
        uris.add(null);
        return uris;
    }

    private List<String> listed(Tile tile, int k, String list) {
        Csv.Table t = LISTS.computeIfAbsent(list, u -> Csv.read(u, conf, "epochs.list[" + k + "].image.list"));
        Integer path = t.column("path"), ra = t.column("ra"), dec = t.column("dec");
        Integer epoch = t.column("epoch"), date = t.column("date");
        if (path == null || ra == null || dec == null) {
            throw new ConfigException("image.list " + list + ": header needs columns path, ra, dec (optional: epoch, date)");
        }
        List<Csv.Row> rows = new ArrayList<>();
        for (Csv.Row r : t.rows()) {
            try {
                if ((epoch == null || name(k).equals(Csv.field(r, epoch)))
                        && tile.contains(Double.parseDouble(Csv.field(r, ra)), Double.parseDouble(Csv.field(r, dec)))) {
                    rows.add(r);
                }
            } catch (NumberFormatException e) {
                // the single-epoch reader reports such rows; here they simply hold no frame
            }
        }
        if (date != null) {
            rows.sort(Comparator.comparing((Csv.Row r) -> Csv.field(r, date)).thenComparingLong(Csv.Row::line));
        }
        return rows.stream().map(r -> HadoopFiles.resolveAgainst(list, Csv.field(r, path))).toList();
    }

    private Acquired synthetic(Tile tile, int k, int frames) throws IOException {
        if (sky == null) {
            sky = Stages.sky(config);
        }
        List<Frame> out = new ArrayList<>();
        List<InjectedChange> changes = List.of();
        int ref = config.epochs().referenceIndex();
        for (int f = 0; f < frames; f++) {
            EpochFrame ef = EpochRenderer.render(tile, sky, Stages.realism(config), synthetic, ref, k, f);
            RenderedTile r = ef.image();
            String uri = "synthetic://seed/" + config.synthetic().seed() + "/tile/" + tile.id() + "/epoch/" + name(k)
                    + "/frame/" + (f + 1);
            out.add(new Frame(uri, FitsReader.read(new ByteArrayInputStream(r.fits()), uri), r.fits().length,
                    Sha256.hex(r.fits()), 1, r.stars()));
            changes = ef.changes();
        }
        return new Acquired(out, changes);
    }

    String name(int k) {
        return config.epochs().list().get(k).name();
    }
}
