package org.skysift.extract.psf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;
import org.skysift.synth.Realism;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;

/**
 * Synthetic plates for the PSF tests, rendered without a sky gradient so that the background and
 * its rms are known exactly (sky level; sqrt(sky / gain + read noise^2)): the PSF code is tested on
 * its own, with true positions as the detection list, independent of the extractor.
 */
final class PsfFields {
    private PsfFields() {}

    record Field(RenderedTile tile, float[] raw, float[] sub, float[] rms, int w, int h, double noise,
                 double saturation) {
        List<RenderedTile.PlacedStar> stars() {
            return tile.stars();
        }

        double[] xs() {
            return tile.stars().stream().mapToDouble(RenderedTile.PlacedStar::x).toArray();
        }

        double[] ys() {
            return tile.stars().stream().mapToDouble(RenderedTile.PlacedStar::y).toArray();
        }

        /** Pass-1 stand-in measurements at the true star positions, saturation flagged from the raw image. */
        PsfCandidates candidates() {
            return StarMeasures.measure(sub, rms, raw, w, h, xs(), ys(), saturation, 6.0);
        }
    }

    static Field render(long seed, double tileArcmin, double density, Realism realism) {
        SkySiftConfig c = ConfigLoader.fromYamlString("synthetic: {seed: " + seed + ", star_density: " + density
                + ", vanished_density: 0, sky_gradient: 0.0}");
        SkySiftConfig.Synthetic m = c.synthetic();
        SyntheticSky sky = new SyntheticSky(new SkyModel(m, c.image().pixelScaleArcsec()));
        RenderedTile t = SyntheticRenderer.render(new Tile(seed, 150.0, 20.0, tileArcmin, tileArcmin), sky, realism);
        float[] raw;
        try {
            raw = FitsReader.read(new ByteArrayInputStream(t.fits()), "synthetic").data();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double noise = Math.sqrt(m.skyLevel() / m.gain() + m.readNoise() * m.readNoise());
        float[] sub = new float[raw.length];
        float[] rms = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            sub[i] = (float) (raw[i] - m.skyLevel());
            rms[i] = (float) noise;
        }
        return new Field(t, raw, sub, rms, t.width(), t.height(), noise, m.saturation());
    }
}
