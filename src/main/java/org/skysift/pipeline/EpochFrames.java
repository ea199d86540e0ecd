package org.skysift.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.skysift.acquire.AcquiredImage;
import org.skysift.acquire.FilesImageSource;
import org.skysift.acquire.ImageSource;
import org.skysift.acquire.Sha256;
import org.skysift.acquire.TileRequest;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.DateObs;
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
    /**
     * One frame as read: where it came from, the image, its size and checksum, fetch attempts, rendered stars,
     * and its image.list date as a decimal year (null when not listed with one).
     */
    record Frame(String uri, FitsImage image, long bytes, String sha256, int attempts,
                 List<RenderedTile.PlacedStar> truth, Double listedYear) {}

    /**
     * The frames of an epoch (first = the stack's grid), for synthetic epochs every injected change of the tile,
     * and what the tile's epoch_problems should say without failing the epoch (image.list rows no epoch takes).
     */
    record Acquired(List<Frame> frames, List<InjectedChange> changes, List<String> notes) {}

    /** One image.list row of an epoch: the frame's URI, where it is listed, its date (null without a date column). */
    private record Listed(String uri, String where, Double year) {}

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
        List<String> notes = new ArrayList<>();
        List<Listed> wanted = listed(image) ? listed(tile, k, image.list(), notes) : uris(tile, image, frames, conf);
        List<Frame> out = new ArrayList<>();
        for (int f = 0; f < wanted.size(); f++) {
            Listed w = wanted.get(f);
            try {
                AcquiredImage a = sources[k].acquire(new TileRequest(tile, w.uri()));
                out.add(new Frame(a.uri(), FitsReader.read(a.bytes(), a.uri(), image.maxPixels()),
                        a.bytes().length, a.sha256(), a.attempts(), a.truth(), w.year()));
            } catch (IOException | RuntimeException e) {
                // which frame, and where it was listed: the source's or reader's message names only the file
                String which = wanted.size() > 1 ? "frame " + (f + 1) + " of " + wanted.size() : "";
                String where = w.where() == null ? "" : which.isEmpty() ? w.where() : " (" + w.where() + ")";
                if (which.isEmpty() && where.isEmpty()) {
                    throw e;
                }
                throw new IOException(which + where + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no frame in tile " + tile.id() + ": no row of image.list " + image.list()
                    + " lies in the tile" + (LISTS.get(image.list()).column("epoch") == null ? "" : " with epoch " + name(k)));
        }
        return new Acquired(out, List.of(), List.copyOf(notes));
    }

    private static boolean listed(SkySiftConfig.Image image) {
        return image.source().equals("files") && image.list() != null && !image.list().isBlank();
    }

    /**
     * The frames of a folder epoch ({@code <tile_id>-<n>.fits}, .fits.gz or .fit, n = 1..frames); a single null URI =
     * the source's own choice (a folder's {@code <tile_id>.fits}, or a survey's cutout).
     */
    private static List<Listed> uris(Tile tile, SkySiftConfig.Image image, int frames, Configuration conf)
            throws IOException {
        List<Listed> uris = new ArrayList<>();
        if (image.source().equals("files") && frames > 1) {
            FilesImageSource folder = new FilesImageSource(image.path(), conf);
            for (int f = 1; f <= frames; f++) {
                uris.add(new Listed(folder.find(tile.id() + "-" + f, "frame " + f + " of " + frames + " of tile " + tile.id()),
                        null, null));
            }
            return uris;
        }
        uris.add(new Listed(null, null, null));
        return uris;
    }

    /**
     * The rows of the list for epoch k in the tile, ordered by date then line. A row of this epoch whose ra, dec
     * or date cannot be read fails the epoch (naming list, line, column and value); a row in the tile naming an
     * epoch the config does not have is a note, as no epoch is the one to fail.
     */
    private List<Listed> listed(Tile tile, int k, String list, List<String> notes) throws IOException {
        Csv.Table t = LISTS.computeIfAbsent(list, u -> Csv.read(u, conf, "epochs.list[" + k + "].image.list"));
        Integer path = t.column("path"), ra = t.column("ra"), dec = t.column("dec");
        Integer epoch = t.column("epoch"), date = t.column("date");
        if (path == null || ra == null || dec == null) {
            throw new ConfigException("image.list " + list + ": header needs columns path, ra, dec (optional: epoch, date)");
        }
        List<String> names = config.epochs().list().stream().map(SkySiftConfig.Epoch::name).toList();
        List<Listed> rows = new ArrayList<>();
        for (Csv.Row r : t.rows()) {
            String where = "image.list " + list + " line " + r.line();
            String e = epoch == null ? null : Csv.field(r, epoch);
            if (e != null && !e.equals(name(k)) && names.contains(e)) {
                continue;
            }
            if (!tile.contains(number(r, ra, "ra", where), number(r, dec, "dec", where))) {
                continue;
            }
            if (e != null && !names.contains(e)) {
                String near = org.skysift.config.Suggest.nearest(e, names);
                notes.add(where + ": epoch '" + e + "' is not in epochs.list " + names
                        + (near == null ? "" : " (did you mean '" + near + "'?)") + "; row not used");
                continue;
            }
            String p = Csv.field(r, path);
            if (p.isEmpty()) {
                throw new IOException(where + ": path is empty");
            }
            rows.add(new Listed(HadoopFiles.resolveAgainst(list, p), where, date == null ? null : year(r, date, where)));
        }
        rows.sort(Comparator.comparing((Listed l) -> l.year() == null ? 0.0 : l.year()));
        return rows;
    }

    private static double number(Csv.Row r, int col, String name, String where) throws IOException {
        String v = Csv.field(r, col);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IOException(where + ": " + name + " '" + v + "' is not a number");
        }
    }

    /** A list date: a decimal year (1991.7) or an ISO date as DATE-OBS takes it (1991-09-14[T22:10:00]). */
    private static double year(Csv.Row r, int col, String where) throws IOException {
        String v = Csv.field(r, col);
        try {
            if (v.matches("\\d{4}(\\.\\d*)?")) {
                return Double.parseDouble(v);
            }
            DateObs d = DateObs.parse(v);
            if (d.warning() == null) {
                return d.epoch();
            }
        } catch (RuntimeException e) {
            // not a date: the message below says which forms are read
        }
        throw new IOException(where + ": date '" + v + "' is not a decimal year (1991.7) or a valid ISO date"
                + " (1991-09-14 or 1991-09-14T22:10:00)");
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
                    Sha256.hex(r.fits()), 1, r.stars(), null));
            changes = ef.changes();
        }
        return new Acquired(out, changes, List.of());
    }

    String name(int k) {
        return config.epochs().list().get(k).name();
    }
}
