package org.skysift.calibrate.astrometry;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.skysift.catalog.RefStar;
import org.skysift.catalog.SyntheticReferenceCatalog;
import org.skysift.cli.ImageExtraction;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.Source;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.match.Match;
import org.skysift.match.NearestMatcher;
import org.skysift.sky.Angles;
import org.skysift.sky.Tile;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.wcs.Wcs;

/**
 * A synthetic plate with a known field distortion taken through what the job does up to the refit:
 * render, extract (pass 1 and PSF pass 2), header WCS, match to the synthetic reference at 5",
 * {@link TileRefit}. Keeps the truth (each star's true sky position and pixel) for the checks.
 *
 * <p><b>Truth error</b> of a source: its angular distance to the true position of the star it is
 * matched to (the synthetic reference has no proper motions, so the reference position is the truth).
 * <b>Clean</b>: FLAGS 0 (unsaturated, unblended, not truncated) with SNR_WIN above a floor.
 */
final class RefitBench {
    final SkySiftConfig config;
    final RenderedTile plate;
    final FitsImage image;
    final ImageExtraction.Result extraction;
    final List<Source> header;
    final List<RefStar> refs;
    final List<Match> firstMatches;
    final TileRefit.Result refit;
    /** Truth pixel of each reference star id. */
    final Map<String, double[]> truePixel = new HashMap<>();

    RefitBench(String yaml, Tile tile, RefitParams params) throws java.io.IOException {
        config = ConfigLoader.fromYamlString(yaml);
        SyntheticSky sky = new SyntheticSky(new SkyModel(config.synthetic(), config.image().pixelScaleArcsec()));
        plate = SyntheticRenderer.render(tile, sky);
        for (RenderedTile.PlacedStar s : plate.stars()) {
            truePixel.put(s.star().id(), new double[] {s.x(), s.y()});
        }
        image = FitsReader.read(new ByteArrayInputStream(plate.fits()), "tile " + tile.id());
        extraction = ImageExtraction.run(image, config);
        header = withSky(extraction.sources(), plate.wcs());
        refs = new SyntheticReferenceCatalog(sky).cone(tile.ra(), tile.dec(), tile.halfDiagonalDeg() + 0.05);
        firstMatches = new NearestMatcher().match(ra(header), dec(header), refs, config.match().radiusArcsec());
        refit = TileRefit.run(params, header, refs, firstMatches, new NearestMatcher(), config.match().radiusArcsec(),
                plate.wcs(), plate.width(), plate.height());
    }

    static List<Source> withSky(List<Source> sources, Wcs wcs) {
        List<Source> out = new ArrayList<>(sources.size());
        for (Source s : sources) {
            double[] sky = wcs.pixelToSky(s.x(), s.y());
            out.add(s.withSky(sky[0], sky[1]));
        }
        return out;
    }

    static double[] ra(List<Source> s) {
        return s.stream().mapToDouble(Source::ra).toArray();
    }

    static double[] dec(List<Source> s) {
        return s.stream().mapToDouble(Source::dec).toArray();
    }

    /** Truth errors (arcsec) of the clean matched sources of a list matched by {@code matches}. */
    static double[] truthErrors(List<Source> sources, List<Match> matches, double minSnr) {
        List<Double> e = new ArrayList<>();
        for (Match m : matches) {
            Source s = sources.get(m.sourceIndex());
            if (s.flags() == 0 && s.snr() > minSnr) {
                e.add(Angles.separationArcsec(s.ra(), s.dec(), m.ref().ra(), m.ref().dec()));
            }
        }
        return e.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Model error (arcsec) at the clean stars: the header position of each star's TRUE pixel, corrected
     * by the fitted model, against its true sky position. Free of centroid noise: what the correction
     * itself gets wrong.
     */
    double[] modelErrors(DistortionModel model, double minSnr) {
        List<Double> e = new ArrayList<>();
        for (Match m : firstMatches) {
            Source s = header.get(m.sourceIndex());
            double[] t = truePixel.get(m.ref().id());
            if (s.flags() == 0 && s.snr() > minSnr && t != null) {
                double[] sky = plate.wcs().pixelToSky(t[0], t[1]);
                double[] c = model.correct(t[0], t[1], sky[0], sky[1]);
                e.add(Angles.separationArcsec(c[0], c[1], m.ref().ra(), m.ref().dec()));
            }
        }
        return e.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double rms(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s / v.length);
    }
}
