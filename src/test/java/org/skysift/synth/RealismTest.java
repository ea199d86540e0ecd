package org.skysift.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;

@Tag("plain")
class RealismTest {
    private final SyntheticSky sky = new SyntheticSky(TestSkies.standard(42));
    private final Tile tile = new Tile(77, 359.95, -0.5, 10, 10);

    /**
     * The plain plate (realism none) against its truth: no defects, and each isolated unsaturated bright
     * star's light, summed in an aperture over the local sky, is its true flux times the Moffat profile's
     * enclosed fraction, within the noise (+2% for the profile's cut-off and faint neighbours). A SHA-256 of
     * the plate would only say that it did not change, not that it is right.
     */
    @Test
    void thePlainPlateHoldsEachStarsTrueFluxAndNoDefects() throws Exception {
        assertThat(SyntheticRenderer.render(tile, sky, Realism.NONE).fits()).isEqualTo(SyntheticRenderer.render(tile, sky).fits());
        // a 30' plate for some tens of bright stars with no bright neighbour
        RenderedTile plain = SyntheticRenderer.render(new Tile(78, 359.95, -0.5, 30, 30), sky, Realism.NONE);
        assertThat(plain.artifacts().cosmicRays()).isEmpty();
        assertThat(plain.artifacts().scratches()).isEmpty();
        assertThat(plain.stars()).allSatisfy(p -> {
            assertThat(p.haloFlux()).isZero();
            assertThat(p.fwhm()).isEqualTo(plain.fwhmPx());
        });

        var m = sky.model().params();
        float[] img = FitsReader.read(new ByteArrayInputStream(plain.fits()), "plain").data();
        int w = plain.width(), h = plain.height();
        double fwhm = plain.fwhmPx(), beta = m.moffatBeta();
        double alpha = fwhm / (2 * Math.sqrt(Math.pow(2, 1 / beta) - 1));
        double radius = 4 * fwhm, inner = radius + 2, outer = radius + 8;
        double skyVar = m.skyLevel() / m.gain() + m.readNoise() * m.readNoise();
        int checked = 0, within = 0;
        for (RenderedTile.PlacedStar p : plain.stars()) {
            // no neighbour with more than 2% of its light near the aperture or in the sky annulus
            boolean isolated = plain.stars().stream().noneMatch(o -> o != p && o.flux() > 0.02 * p.flux()
                    && Math.hypot(o.x() - p.x(), o.y() - p.y()) < outer + 3 * fwhm);
            if (p.saturated() || p.flux() < 20_000 || !isolated || p.x() < outer + 2 || p.y() < outer + 2
                    || p.x() > w - outer - 2 || p.y() > h - outer - 2) {
                continue;
            }
            double sum = 0;
            int n = 0;
            List<Double> annulus = new ArrayList<>();
            for (int y = (int) (p.y() - outer) - 1; y <= p.y() + outer; y++) {
                for (int x = (int) (p.x() - outer) - 1; x <= p.x() + outer; x++) {
                    double r = Math.hypot(x + 1 - p.x(), y + 1 - p.y()); // FITS pixel (x+1, y+1) has its centre there
                    if (r <= radius) {
                        sum += img[y * w + x];
                        n++;
                    } else if (r >= inner && r <= outer) {
                        annulus.add((double) img[y * w + x]);
                    }
                }
            }
            annulus.sort(null);
            double local = annulus.get(annulus.size() / 2);
            double expected = p.flux() * (1 - Math.pow(1 + (radius / alpha) * (radius / alpha), 1 - beta));
            double sigma = Math.sqrt(p.flux() / m.gain() + n * skyVar + n * n * skyVar * Math.PI / (2 * annulus.size()));
            checked++;
            if (Math.abs(sum - n * local - expected) <= 4 * sigma + 0.02 * p.flux()) {
                within++;
            }
        }
        System.out.printf("plain plate: %d isolated bright stars, %d within 4 sigma + 2%% of their true flux%n", checked, within);
        assertThat(checked).as("isolated unsaturated stars above 20,000 counts").isGreaterThanOrEqualTo(15);
        assertThat(within).isGreaterThanOrEqualTo(checked - checked / 20);
    }

    @Test
    void defectsAreWhereTheTruthSaysAndDeterministic() throws Exception {
        Tile big = new Tile(5, 150, 20, 20, 20);
        Realism r = Realism.PLATE.withCosmicRays(200, 2000, 20000).withScratches(2, 10);
        RenderedTile a = SyntheticRenderer.render(big, sky, r);
        assertThat(SyntheticRenderer.render(big, sky, r).fits()).isEqualTo(a.fits());
        RenderedTile plain = SyntheticRenderer.render(big, sky, Realism.NONE);
        float[] img = FitsReader.read(new ByteArrayInputStream(a.fits()), "t").data();
        float[] ref = FitsReader.read(new ByteArrayInputStream(plain.fits()), "p").data();
        int w = a.width();
        double noise = Math.sqrt(2000 + 25);

        // ~200 hits per Mpx; every hit pixel stands out of the plain plate by its share of the counts
        double mpix = a.width() * (double) a.height() / 1e6;
        assertThat(a.artifacts().cosmicRays().size()).isCloseTo((int) (200 * mpix), within((int) (5 * Math.sqrt(200 * mpix))));
        for (CosmicRay cr : a.artifacts().cosmicRays()) {
            assertThat(cr.pixels().length).isBetween(1, 3);
            double excess = 0;
            for (int p : cr.pixels()) {
                excess += Math.min(65535, img[p]) - ref[p];
            }
            assertThat(excess).isGreaterThan(cr.counts() - 10 * noise * cr.pixels().length);
        }
        // scratches: the ridge sits 10 sigma above the plain plate on average
        assertThat(a.artifacts().scratches()).hasSize(2);
        for (Scratch s : a.artifacts().scratches()) {
            double sum = 0;
            int n = 0;
            for (int k = 5; k < 95; k++) {
                double x = s.x1() + (s.x2() - s.x1()) * k / 100.0, y = s.y1() + (s.y2() - s.y1()) * k / 100.0;
                int i = (int) Math.round(y - 1) * w + (int) Math.round(x - 1);
                sum += img[i] - ref[i];
                n++;
            }
            assertThat(sum / n / noise).isBetween(5.0, 11.0);
        }
        // halos: saturated stars carry 5% of their flux in a halo; their cores are clipped
        long saturated = a.stars().stream().filter(RenderedTile.PlacedStar::saturated).count();
        assertThat(saturated).isGreaterThan(0);
        for (RenderedTile.PlacedStar p : a.stars()) {
            if (p.saturated()) {
                assertThat(p.haloFlux()).isCloseTo(0.05 * p.flux(), within(1e-6 * p.flux()));
                int i = (int) Math.round(p.y() - 1) * w + (int) Math.round(p.x() - 1);
                assertThat(img[i]).isGreaterThan(60000f);
            } else {
                assertThat(p.haloFlux()).isZero();
            }
        }
        // the seeing varies by up to 15% and each star records the FWHM it was drawn with
        FwhmField field = a.artifacts().fwhmField();
        double lo = Double.MAX_VALUE, hi = 0;
        for (RenderedTile.PlacedStar p : a.stars()) {
            assertThat(p.fwhm()).isCloseTo(field.at(p.x(), p.y()), within(1e-12));
            lo = Math.min(lo, p.fwhm());
            hi = Math.max(hi, p.fwhm());
        }
        assertThat(hi / lo).isGreaterThan(1.1);
        assertThat(hi).isLessThanOrEqualTo(a.fwhmPx() * 1.15 + 1e-9);
        // the same stars are placed whatever the defects
        assertThat(a.stars()).hasSameSizeAs(plain.stars());
    }

    @Test
    void outOfRangeSettingsNameTheKey() {
        assertThatThrownBy(() -> Realism.NONE.withFwhmVariation(0.7)).hasMessageContaining("fwhm_variation");
        assertThatThrownBy(() -> Realism.NONE.withCosmicRays(1, 100, 10)).hasMessageContaining("cosmic_ray_min_counts");
    }
}
