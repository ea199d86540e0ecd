package org.skysift.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;

class SimpleExtractorTest {
    private static final ExtractParams PARAMS = new ExtractParams(1.5, 5, 2.5, new double[] {6, 12}, 1.0, 65535);

    @Test
    void findsNinetyFivePercentOfSnr20StarsWithinOnePixel() throws IOException {
        SkyModel sky = TestSkies.standard(11);
        var model = sky.params();
        int found = 0, total = 0;
        for (Tile tile : List.of(new Tile(1, 30, 10, 25, 25), new Tile(2, 250, -60, 25, 25), new Tile(3, 0, 0, 25, 25))) {
            RenderedTile r = SyntheticRenderer.render(tile, new SyntheticSky(sky));
            FitsImage img = FitsReader.read(new ByteArrayInputStream(r.fits()), "synthetic");
            BackgroundMap bg = new BackgroundEstimator(64, 3).estimate(img.data(), img.width(), img.height());
            List<Source> sources = new SimpleExtractor().extract(img.data(), img.width(), img.height(), bg, PARAMS);
            double skyVar = model.skyLevel() / model.gain() + model.readNoise() * model.readNoise();
            double aperture = Math.PI * Math.pow(1.5 * r.fwhmPx(), 2);
            for (RenderedTile.PlacedStar p : r.stars()) {
                double snr = p.flux() / Math.sqrt(p.flux() / model.gain() + aperture * skyVar);
                if (snr < 20 || p.x() < 4 || p.y() < 4 || p.x() > r.width() - 3 || p.y() > r.height() - 3) {
                    continue;
                }
                total++;
                for (Source s : sources) {
                    if (Math.hypot(s.x() - p.x(), s.y() - p.y()) <= 1.0) {
                        found++;
                        break;
                    }
                }
            }
        }
        assertThat(total).isGreaterThan(200);
        assertThat((double) found / total).as("%d of %d SNR>=20 stars within 1 px", found, total).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void isolatedStarIsMeasuredWithSExtractorConventions() {
        int w = 101, h = 101;
        float[] img = new float[w * h];
        double x0 = 50.3, y0 = 40.7, sigma = 1.5, flux = 100_000; // 0-based centre
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r2 = (x - x0) * (x - x0) + (y - y0) * (y - y0);
                img[y * w + x] = (float) (100 + flux / (2 * Math.PI * sigma * sigma) * Math.exp(-r2 / (2 * sigma * sigma)));
            }
        }
        float[] level = new float[w * h];
        float[] rms = new float[w * h];
        java.util.Arrays.fill(level, 100);
        java.util.Arrays.fill(rms, 5);
        BackgroundMap bg = new BackgroundMap(w, h, level, rms, 100, 5);
        List<Source> s = new SimpleExtractor().extract(img, w, h, bg, PARAMS);
        assertThat(s).hasSize(1);
        Source src = s.get(0);
        assertThat(src.x()).isCloseTo(x0 + 1, org.assertj.core.api.Assertions.within(0.01)); // FITS 1-based
        assertThat(src.y()).isCloseTo(y0 + 1, org.assertj.core.api.Assertions.within(0.01));
        assertThat(src.fluxAuto()).isCloseTo(flux, org.assertj.core.api.Assertions.within(flux * 0.02));
        assertThat(src.fwhm()).isCloseTo(2.3548 * sigma, org.assertj.core.api.Assertions.within(0.3));
        assertThat(src.elongation()).isLessThan(1.05);
        assertThat(src.flags()).isZero();
        assertThat(src.snr()).isGreaterThan(100);
    }

    @Test
    void saturatedAndBorderSourcesAreFlagged() {
        int w = 64, h = 64;
        float[] img = new float[w * h];
        java.util.Arrays.fill(img, 100);
        for (int y = 28; y <= 32; y++) {
            for (int x = 28; x <= 32; x++) {
                img[y * w + x] = 65535;
            }
        }
        for (int y = 10; y <= 14; y++) {
            for (int x = 0; x <= 3; x++) {
                img[y * w + x] = 2000;
            }
        }
        float[] level = new float[w * h];
        float[] rms = new float[w * h];
        java.util.Arrays.fill(level, 100);
        java.util.Arrays.fill(rms, 5);
        List<Source> s = new SimpleExtractor().extract(img, w, h, new BackgroundMap(w, h, level, rms, 100, 5), PARAMS);
        assertThat(s).hasSize(2);
        Source edge = s.stream().filter(x -> x.x() < 10).findFirst().orElseThrow();
        Source sat = s.stream().filter(x -> x.x() > 20).findFirst().orElseThrow();
        assertThat(edge.flags() & Source.FLAG_TRUNCATED).isNotZero();
        assertThat(sat.flags() & Source.FLAG_SATURATED).isNotZero();
        assertThat(sat.flags() & Source.FLAG_TRUNCATED).isZero();
    }
}
