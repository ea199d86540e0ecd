package org.skysift.calibrate.photometry;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.skysift.cli.ImageExtraction;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.Source;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.RenderedTile.PlacedStar;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;

/**
 * A synthetic plate rendered with the photographic emulsion, run through the job's extraction, and its
 * sources paired with the truth stars (nearest source within 1.5 px, one source per star, stars whose
 * centre is more than 5 px inside the border). Test fixture shared by the calibration tests and the
 * profile tool.
 */
final class PhotographicPlate {
    /**
     * A more top-heavy luminosity function than the job's default, so a 30' plate has tens of saturated stars; with
     * the 1" field distortion of the refit's tests too (the issue's plate carries both; truth is paired by pixel).
     */
    static final String SKY = "synthetic: {seed: 77, vanished_density: 0, star_density: 4000, lf_slope: 0.2, "
            + "mag_bright: 10.0, mag_faint: 20.0, distortion_arcsec: 1.0, emulsion: {response: photographic}}";

    final SkySiftConfig config;
    final RenderedTile rendered;
    final FitsImage image;
    final List<Source> sources;
    /** Paired truth stars and the index of their source. */
    final List<PlacedStar> truth = new ArrayList<>();
    final List<Integer> sourceIndex = new ArrayList<>();

    PhotographicPlate(String yaml, Tile tile) throws java.io.IOException {
        config = ConfigLoader.fromYamlString(yaml);
        SyntheticSky sky = new SyntheticSky(new SkyModel(config.synthetic(), config.image().pixelScaleArcsec()));
        rendered = SyntheticRenderer.render(tile, sky);
        image = FitsReader.read(new ByteArrayInputStream(rendered.fits()), "tile " + tile.id());
        sources = ImageExtraction.run(image, config).sources();
        boolean[] taken = new boolean[sources.size()];
        for (PlacedStar s : rendered.stars()) {
            if (s.x() < 5.5 || s.y() < 5.5 || s.x() > rendered.width() - 4.5 || s.y() > rendered.height() - 4.5) {
                continue;
            }
            int best = -1;
            double bestD = 1.5;
            for (int i = 0; i < sources.size(); i++) {
                double d = Math.hypot(sources.get(i).x() - s.x(), sources.get(i).y() - s.y());
                if (d < bestD && !taken[i]) {
                    best = i;
                    bestD = d;
                }
            }
            if (best >= 0) {
                taken[best] = true;
                truth.add(s);
                sourceIndex.add(best);
            }
        }
    }

    int[] indices() {
        return sourceIndex.stream().mapToInt(Integer::intValue).toArray();
    }

    double[] truthMags() {
        return truth.stream().mapToDouble(s -> s.star().mag()).toArray();
    }
}
