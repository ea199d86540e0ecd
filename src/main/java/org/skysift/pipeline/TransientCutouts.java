package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.skysift.config.SkySiftConfig;
import org.skysift.epochs.DiffResult;
import org.skysift.io.HadoopFiles;
import org.skysift.report.cutout.Triplet;
import org.skysift.report.cutout.TripletRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor side: a triplet PNG (reference | new | difference) per transient at
 * {@code <runDir>/cutouts/<tile_id>/t<transient_id>-<epoch>.png}, stamps of report.cutout_size_px on
 * the reference grid. A triplet that cannot be made leaves a null path and the tile goes on.
 */
public final class TransientCutouts {
    private static final Logger LOG = LoggerFactory.getLogger(TransientCutouts.class);

    private TransientCutouts() {}

    /** The planes of one difference as the triplets show them (the new image divided by its flux scale). */
    public static Triplet planes(DiffResult diff) {
        DiffResult.Planes p = diff.planes();
        return new Triplet(p.reference(), p.fresh(), diff.d(), p.masked(), diff.width(), diff.height(), diff.fluxScale());
    }

    /** The rows with {@code cutout} set (null where no triplet was written); unchanged when report.cutouts is off. */
    public static List<TransientRow> attach(SkySiftConfig.Report report, Configuration hconf, String runDir,
                                            Triplet planes, List<TransientRow> rows) {
        if (!report.cutouts() || rows.isEmpty()) {
            return rows;
        }
        List<String> paths = write(report, hconf, runDir, planes, rows);
        List<TransientRow> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(rows.get(i).withCutout(paths.get(i)));
        }
        return out;
    }

    /**
     * Writes one triplet per row (positions are the rows' FITS 1-based x, y on the planes' grid) and
     * returns their paths relative to the run folder, in the rows' order; null where one failed.
     */
    public static List<String> write(SkySiftConfig.Report report, Configuration hconf, String runDir, Triplet planes,
                                     List<TransientRow> rows) {
        TripletRenderer renderer = new TripletRenderer(report.cutoutSizePx());
        List<String> out = new ArrayList<>(rows.size());
        int failed = 0;
        Throwable first = null;
        for (TransientRow t : rows) {
            String relative = path(t.tileId(), t.transientId(), t.epoch());
            try {
                byte[] png = renderer.png(planes, t.x() - 1, t.y() - 1, caption(t));
                HadoopFiles.replace(runDir + "/" + relative, png, hconf);
                out.add(relative);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Exception | Error e) { // AWT without fonts or native libraries fails with Errors
                failed++;
                first = first == null ? e : first;
                out.add(null);
            }
        }
        if (failed > 0) {
            LOG.warn("tile {}: {} of {} transient triplets not written; the first: {}", rows.get(0).tileId(), failed,
                    rows.size(), first.toString(), first);
        }
        return out;
    }

    /** The triplet's path relative to the run folder; the epoch name made safe for a file name. */
    public static String path(long tileId, int transientId, String epoch) {
        String safe = epoch == null || epoch.isEmpty() ? "epoch" : epoch.replaceAll("[^A-Za-z0-9._-]", "_");
        return "cutouts/" + tileId + "/t" + transientId + "-" + safe + ".png";
    }

    static TripletRenderer.Caption caption(TransientRow t) {
        String title = String.format(Locale.ROOT, "tile %d  #%d  %s  S/N %.1f  (x %.1f, y %.1f)", t.tileId(),
                t.transientId(), t.kind(), t.snr(), t.x(), t.y());
        String detail = String.format(Locale.ROOT, "flux ref %s → new %s,  Δ %s ± %s", flux(t.fluxRef()), flux(t.fluxNew()),
                flux(t.fluxDiff()), flux(t.fluxDiffErr()));
        return new TripletRenderer.Caption(epochLabel("reference", t.referenceEpoch(), t.referenceYear()),
                epochLabel("new", t.epoch(), t.epochYear()), title, detail);
    }

    /**
     * "reference 1953.2" when the epoch is named for the year it was taken in, "new poss2 (1992.7)" otherwise,
     * "new 1991 (1993.1)" when the name's year is not the image's; the name alone when the year is unknown.
     */
    static String epochLabel(String role, String name, Double year) {
        String n = name == null ? "?" : name;
        if (year == null || !Double.isFinite(year)) {
            return role + " " + n;
        }
        String y = String.format(Locale.ROOT, "%.1f", year);
        boolean sameYear = n.matches("\\d{4}(\\.\\d*)?") && Math.floor(Double.parseDouble(n)) == Math.floor(year);
        return role + " " + (sameYear ? y : n + " (" + y + ")");
    }

    private static String flux(Double f) {
        if (f == null || !Double.isFinite(f)) {
            return "–";
        }
        double a = Math.abs(f);
        return a >= 100 || a == 0 ? String.format(Locale.ROOT, "%.0f", f) : String.format(Locale.ROOT, "%.3g", f);
    }

}
