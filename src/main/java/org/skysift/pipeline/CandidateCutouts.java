package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.skysift.catalog.RefStar;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.io.HadoopFiles;
import org.skysift.report.cutout.CutoutRenderer;
import org.skysift.report.cutout.PlateImage;
import org.skysift.report.cutout.SkyPoint;
import org.skysift.report.cutout.Subject;
import org.skysift.wcs.Wcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor side: a PNG stamp per candidate at {@code <runDir>/cutouts/<tile_id>/<source_id>.png}; the
 * rows come back with {@code cutout} set to that path relative to the run folder. A stamp that
 * cannot be made leaves its row's cutout null and the tile goes on: a picture is not worth a tile.
 */
final class CandidateCutouts {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateCutouts.class);

    private CandidateCutouts() {}

    static List<CandidateRow> attach(SkySiftConfig config, Configuration hconf, String runDir, FitsImage img, Wcs wcs,
                                     List<RefStar> refs, List<CandidateRow> candidates) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        SkySiftConfig.Report r = config.report();
        CutoutRenderer renderer = new CutoutRenderer(r.cutoutSizePx(), r.cutoutNeighbourArcsec(),
                config.match().radiusArcsec());
        PlateImage plate = new PlateImage(img.data(), img.width(), img.height(), wcs);
        List<CandidateRow> out = new ArrayList<>(candidates.size());
        int failed = 0;
        Throwable first = null;
        for (CandidateRow c : candidates) {
            String relative = path(c.tileId(), c.sourceId());
            try {
                byte[] png = renderer.png(plate, subject(c), near(refs, c.ra(), c.dec(), r.cutoutNeighbourArcsec()));
                HadoopFiles.replace(runDir + "/" + relative, png, hconf);
                out.add(withCutout(c, relative));
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Exception | Error e) { // AWT without fonts or native libraries fails with Errors
                failed++;
                first = first == null ? e : first;
                out.add(withCutout(c, null));
            }
        }
        if (failed > 0) {
            LOG.warn("tile {}: {} of {} candidate cutouts not written; the first: {}", candidates.get(0).tileId(),
                    failed, candidates.size(), first.toString(), first);
        }
        return out;
    }

    /** The stamp's path relative to the run folder. */
    static String path(long tileId, int sourceId) {
        return "cutouts/" + tileId + "/" + sourceId + ".png";
    }

    private static Subject subject(CandidateRow c) {
        String mag = c.mag() == null ? "" : String.format(java.util.Locale.ROOT, "  %.2f mag", c.mag());
        return new Subject(c.ra(), c.dec(), c.fwhmPx(), "tile " + c.tileId() + "  #" + c.sourceId(),
                String.format(java.util.Locale.ROOT, "SNR %.0f", c.snr()) + mag);
    }

    /** Reference stars within the radius (arcsec) of a position. */
    static List<SkyPoint> near(List<RefStar> refs, double ra, double dec, double radiusArcsec) {
        List<SkyPoint> out = new ArrayList<>();
        double dDec = radiusArcsec / 3600.0;
        for (RefStar s : refs) {
            if (Math.abs(s.dec() - dec) <= dDec
                    && org.skysift.sky.Angles.separationArcsec(ra, dec, s.ra(), s.dec()) <= radiusArcsec) {
                out.add(new SkyPoint(s.ra(), s.dec()));
            }
        }
        return out;
    }

    private static CandidateRow withCutout(CandidateRow c, String cutout) {
        return new CandidateRow(c.tileId(), c.sourceId(), c.ra(), c.dec(), c.mag(), c.snr(), c.fwhmPx(), c.reason(),
                c.score(), c.nearestRefSepArcsec(), c.gatesPassed(), cutout, c.injected(), c.targetName());
    }
}
