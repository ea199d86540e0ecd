package org.skysift.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;

@Tag("plain")
class RealismTest {
    private final SyntheticSky sky = new SyntheticSky(TestSkies.standard(42));
    private final Tile tile = new Tile(77, 359.95, -0.5, 10, 10);

    @Test
    void thePlainPlateIsByteForByteWhatItWasBeforeRealism() throws Exception {
        byte[] fits = SyntheticRenderer.render(tile, sky).fits();
        // SHA-256 of this tile as rendered before Realism existed (commit 213354d)
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fits)))
                .isEqualTo("3a19e9ca5d17e78ad3497a2dfb10d65e0facdb3e1ccdb963703049a9342d7bae");
        assertThat(SyntheticRenderer.render(tile, sky, Realism.NONE).fits()).isEqualTo(fits);
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
