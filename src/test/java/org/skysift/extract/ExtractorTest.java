package org.skysift.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;

@Tag("plain")
class ExtractorTest {
    private static final ExtractParams PARAMS = new ExtractParams(1.5, 5, 2.5, new double[] {6, 12}, 1.0, 65535);

    /**
     * Three synthetic DSS-like plates against their truth. Stars count when they are resolvable:
     * no other star with at least a third of their flux within 2 FWHM, and 5 px from the border.
     */
    @Test
    void completeAboveSnr10AndCentroidsWithinATenthOfAPixelAboveSnr50() throws IOException {
        var model = TestSkies.standard(11).params();
        int total10 = 0, found10 = 0, n50 = 0;
        double sq50 = 0;
        for (Tile tile : List.of(new Tile(1, 30, 10, 25, 25), new Tile(2, 250, -60, 25, 25), new Tile(3, 0, 0, 25, 25))) {
            RenderedTile r = SyntheticRenderer.render(tile, new SyntheticSky(TestSkies.standard(11)));
            FitsImage img = FitsReader.read(new ByteArrayInputStream(r.fits()), "synthetic");
            BackgroundMap bg = new BackgroundEstimator(64, 3).estimate(img.data(), img.width(), img.height());
            List<Source> sources = new Extractor().extract(img.data(), img.width(), img.height(), bg, PARAMS);
            double skyVar = model.skyLevel() / model.gain() + model.readNoise() * model.readNoise();
            double aperture = Math.PI * Math.pow(1.5 * r.fwhmPx(), 2);
            List<RenderedTile.PlacedStar> stars = r.stars();
            for (RenderedTile.PlacedStar p : stars) {
                double snr = p.flux() / Math.sqrt(p.flux() / model.gain() + aperture * skyVar);
                if (snr < 10 || p.x() < 6 || p.y() < 6 || p.x() > r.width() - 5 || p.y() > r.height() - 5
                        || p.flux() * model.gain() > 2e6 || crowded(p, stars, 2 * r.fwhmPx())) {
                    continue;
                }
                total10++;
                Source best = nearest(sources, p.x(), p.y());
                double d = best == null ? Double.POSITIVE_INFINITY : Math.hypot(best.x() - p.x(), best.y() - p.y());
                if (d > 1.0 && System.getenv("EX_DEBUG") != null) {
                    System.out.printf("missed (%.2f, %.2f) snr %.1f flux %.0f; nearest %s at %.2f px%n", p.x(), p.y(), snr,
                            p.flux(), best == null ? "-" : String.format("(%.2f,%.2f) f%d auto %.0f", best.x(), best.y(),
                                    best.flags(), best.fluxAuto()), d);
                }
                if (d <= 1.0) {
                    found10++;
                    if (snr >= 50 && best.flags() == 0) {
                        n50++;
                        sq50 += d * d;
                    }
                }
            }
        }
        double completeness = (double) found10 / total10, rms = Math.sqrt(sq50 / n50);
        System.out.printf("synthetic: completeness %.4f (%d of %d at SNR >= 10), centroid rms %.4f px (%d at SNR >= 50)%n",
                completeness, found10, total10, rms, n50);
        assertThat(total10).isGreaterThan(300);
        assertThat(completeness).isGreaterThanOrEqualTo(0.98);
        assertThat(n50).isGreaterThan(100);
        assertThat(rms).isLessThanOrEqualTo(0.1);
    }

    private static boolean crowded(RenderedTile.PlacedStar p, List<RenderedTile.PlacedStar> all, double radius) {
        for (RenderedTile.PlacedStar q : all) {
            if (q != p && q.flux() >= p.flux() / 3 && Math.hypot(q.x() - p.x(), q.y() - p.y()) < radius) {
                return true;
            }
        }
        return false;
    }

    private static Source nearest(List<Source> sources, double x, double y) {
        Source best = null;
        double bd = Double.POSITIVE_INFINITY;
        for (Source s : sources) {
            double d = Math.hypot(s.x() - x, s.y() - y);
            if (d < bd) {
                bd = d;
                best = s;
            }
        }
        return best;
    }

    private static float[] gaussianStars(int w, int h, double sky, double[][] stars) {
        float[] img = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = sky;
                for (double[] s : stars) { // {x0, y0 (0-based), sigma, flux}
                    double r2 = (x - s[0]) * (x - s[0]) + (y - s[1]) * (y - s[1]);
                    v += s[3] / (2 * Math.PI * s[2] * s[2]) * Math.exp(-r2 / (2 * s[2] * s[2]));
                }
                img[y * w + x] = (float) v;
            }
        }
        return img;
    }

    @Test
    void isolatedStarIsMeasuredWithSExtractorConventions() {
        int w = 101, h = 101;
        double x0 = 50.3, y0 = 40.7, sigma = 1.5, flux = 100_000;
        float[] img = gaussianStars(w, h, 100, new double[][] {{x0, y0, sigma, flux}});
        List<Source> s = new Extractor().extract(img, w, h, BackgroundMap.constant(w, h, 100, 5), PARAMS);
        assertThat(s).hasSize(1);
        Source src = s.get(0);
        assertThat(src.x()).isCloseTo(x0 + 1, within(0.01)); // FITS 1-based
        assertThat(src.y()).isCloseTo(y0 + 1, within(0.01));
        assertThat(src.xIso()).isCloseTo(x0 + 1, within(0.02));
        assertThat(src.fluxAuto()).isCloseTo(flux, within(flux * 0.02));
        // a Gaussian's half-light radius is sigma sqrt(2 ln 2); its FWHM 2.3548 sigma
        assertThat(src.halfLightRadius()).isCloseTo(1.1774 * sigma, within(0.05));
        assertThat(src.fwhm()).isCloseTo(2.3548 * sigma, within(0.3));
        // 12 px aperture holds 1 - exp(-36 / (2 sigma^2)) of the light
        assertThat(src.fluxAper()[1]).isCloseTo(flux * (1 - Math.exp(-36 / (2 * sigma * sigma))), within(flux * 0.005));
        assertThat(src.elongation()).isLessThan(1.05);
        assertThat(src.flags()).isZero();
        assertThat(src.snr()).isGreaterThan(100);
        assertThat(src.background()).isCloseTo(100, within(1e-3));
    }

    @Test
    void twoTouchingStarsAreDeblendedAndFlagged() {
        int w = 80, h = 60;
        // 7 px apart with sigma 1.6: one isophote at 1.5 sigma, two peaks
        float[] img = gaussianStars(w, h, 0, new double[][] {{35, 30, 1.6, 40_000}, {42, 30, 1.6, 20_000}});
        BackgroundMap bg = BackgroundMap.constant(w, h, 0, 5);
        List<Source> merged = new Extractor().extract(img, w, h, bg, PARAMS.withDeblend(32, 1.0));
        assertThat(merged).hasSize(1);
        List<Source> s = new Extractor().extract(img, w, h, bg, PARAMS);
        assertThat(s).hasSize(2);
        s = s.stream().sorted((p, q) -> Double.compare(p.x(), q.x())).toList();
        if (System.getenv("EX_DEBUG") != null) {
            s.forEach(System.out::println);
        }
        // no neighbour masking yet: each centroid leans towards the other star by a fraction of a pixel
        assertThat(s.get(0).x()).isCloseTo(36, within(0.25));
        assertThat(s.get(1).x()).isCloseTo(43, within(0.4));
        assertThat(s).allSatisfy(src -> assertThat(src.flags() & Source.FLAG_BLENDED).isNotZero());
        assertThat(s.get(0).fluxIso() + s.get(1).fluxIso()).isCloseTo(merged.get(0).fluxIso(), within(1.0));
        assertThat(s.get(0).fluxIso()).isGreaterThan(s.get(1).fluxIso());
    }

    @Test
    void saturatedBorderAndApertureFlags() {
        int w = 64, h = 64;
        float[] img = new float[w * h];
        Arrays.fill(img, 100);
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
        List<Source> s = new Extractor().extract(img, w, h, BackgroundMap.constant(w, h, 100, 5), PARAMS);
        assertThat(s).hasSize(2);
        Source edge = s.stream().filter(x -> x.x() < 10).findFirst().orElseThrow();
        Source sat = s.stream().filter(x -> x.x() > 20).findFirst().orElseThrow();
        assertThat(edge.flags() & Source.FLAG_TRUNCATED).isNotZero();
        assertThat(edge.flags() & Source.FLAG_APER_INCOMPLETE).isNotZero();
        assertThat(sat.flags() & Source.FLAG_SATURATED).isNotZero();
        assertThat(sat.flags() & (Source.FLAG_TRUNCATED | Source.FLAG_APER_INCOMPLETE)).isZero();
        assertThat(edge.xmin()).isEqualTo(1);
        assertThat(sat.isoarea()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void maskedPixelsAreNeitherDetectedNorMeasured() {
        int w = 64, h = 64;
        float[] img = gaussianStars(w, h, 100, new double[][] {{30, 30, 1.5, 50_000}});
        float[] masked = img.clone();
        for (int x = 0; x < w; x++) {
            masked[45 * w + x] = Float.NaN;
        }
        BackgroundMap bg = BackgroundMap.constant(w, h, 100, 5);
        Source a = new Extractor().extract(img, w, h, bg, PARAMS).get(0);
        List<Source> s = new Extractor().extract(masked, w, h, bg, PARAMS);
        assertThat(s).hasSize(1);
        assertThat(s.get(0).fluxAuto()).isCloseTo(a.fluxAuto(), within(1.0));
    }

    @Test
    void sexFilterFileIsReadAndNormalised() throws IOException {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("k", ".conv");
        java.nio.file.Files.writeString(f, "CONV NORM\n# pyramid\n1 2 1\n2 4 2\n1 2 1\n");
        Kernel k = Kernel.read(f);
        assertThat(k.width()).isEqualTo(3);
        assertThat(k.weights()[4]).isCloseTo(0.25f, within(1e-6f));
        // the pyramid is (1 2 1) x (1 2 1) / 16: the centre column and the centre row over the centre weight
        float[][] sep = k.separable();
        assertThat(sep[0]).containsExactly(0.125f, 0.25f, 0.125f);
        assertThat(sep[1]).containsExactly(0.5f, 1f, 0.5f);
        // a plus sign has rank 2: not separable
        java.nio.file.Files.writeString(f, "CONV NORM\n0 1 0\n1 1 1\n0 1 0\n");
        assertThat(Kernel.read(f).separable()).isNull();
        java.nio.file.Files.writeString(f, "CONV NORM\n1 2\n2 x 2\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kernel.read(f))
                .hasMessageContaining("line 3").hasMessageContaining("'x'");
        java.nio.file.Files.delete(f);
    }
}
