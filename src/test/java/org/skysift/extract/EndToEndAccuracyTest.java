package org.skysift.extract;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skysift.cli.ImageExtraction;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.psf.PsfMeasurements;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.sky.Tile;
import org.skysift.synth.CosmicRay;
import org.skysift.synth.Realism;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.RenderedTile.PlacedStar;
import org.skysift.synth.Scratch;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;

/**
 * The whole extraction chain the job and {@code skysift extract} run (background mesh, pass 1, PSF
 * model from the pass-1 stars, PSF photometry at the pass-1 positions; {@link ImageExtraction}) on
 * realistic synthetic plates whose truth is known: seeing that differs between plates (2.4-4.0 px)
 * and varies by up to 15% across each, cosmic-ray hits, a scratch, and saturated stars with halos.
 *
 * <p>Definitions used by every check:
 * <ul>
 * <li><b>truth SNR</b> of a star: the matched-filter (PSF-fit) signal to noise its true flux F would
 *     have on a flat sky, F / sqrt(F / gain + A_eff sigma^2), with sigma^2 = sky / gain + read noise^2
 *     and A_eff = pi alpha^2 (2 beta - 1) / (beta - 1)^2 the noise-equivalent area of its Moffat PSF.</li>
 * <li><b>blended</b>: another truth star at least as bright lies within 2 FWHM (local seeing); such a
 *     star cannot be separated at any SNR and is left out of every statistic.</li>
 * <li><b>at the edge</b>: the true centre is within 5 px of the border (footprint truncated): left out.</li>
 * <li><b>isolated</b> (for positions and fluxes): no other star with more than 10% of the flux within
 *     3 FWHM, no cosmic-ray hit within 3 FWHM, not within 3 FWHM of a scratch, unsaturated, and no
 *     saturated star within 30 px (halos).</li>
 * <li>a star is <b>found</b> when a pass-1 source (XWIN/YWIN) lies within max(1.5 px, FWHM / 2) of it;
 *     a cosmic ray is <b>detected</b> when a source lies within 1.5 px of its light-weighted centre and
 *     no truth star with truth SNR above 3 lies within 2 FWHM of it.</li>
 * </ul>
 */
@Tag("plain")
class EndToEndAccuracyTest {
    /** SPREAD_MODEL below this is sharper than the PSF (the cosmic-ray threshold of PsfPhotometryTest). */
    static final double COSMIC_RAY_SPREAD = -0.005;
    static final int EDGE = 5;

    /** One truth star with what the chain measured for it (index -1 = not found). */
    record StarResult(PlacedStar star, double snr, boolean blended, boolean isolated, int index, Source source,
                      double psfFlux, double psfX, double psfY, double spread, String context) {}

    static final List<StarResult> stars = new ArrayList<>();
    static final List<Double> raySpreads = new ArrayList<>();
    static int raysRendered;
    static int saturatedStars;
    static double[] fwhms;

    @BeforeAll
    static void runChain() throws Exception {
        SkySiftConfig cfg = ConfigLoader.fromYamlString(
                "synthetic: {seed: 2024, vanished_density: 0, fwhm_min: 2.4, fwhm_max: 4.0}");
        SkySiftConfig.Synthetic m = cfg.synthetic();
        SyntheticSky sky = new SyntheticSky(new SkyModel(m, cfg.image().pixelScaleArcsec()));
        // Realism.PLATE; -De2e.rays=N renders N cosmic-ray hits per Mpx instead (a measurement, see docs/EXTRACTION.md)
        Realism realism = System.getProperty("e2e.rays") == null ? Realism.PLATE
                : Realism.PLATE.withCosmicRays(Double.parseDouble(System.getProperty("e2e.rays")), 500, 20000);
        double sigma2 = m.skyLevel() / m.gain() + m.readNoise() * m.readNoise();
        double beta = m.moffatBeta();
        Tile[] tiles = {new Tile(101, 150.0, 20.0, 20, 20), new Tile(102, 40.0, -30.0, 20, 20),
                new Tile(103, 250.0, 60.0, 20, 20), new Tile(104, 300.0, 5.0, 20, 20),
                new Tile(105, 10.0, 45.0, 20, 20), new Tile(106, 200.0, -60.0, 20, 20)};
        fwhms = new double[tiles.length];
        for (int t = 0; t < tiles.length; t++) {
            RenderedTile tile = SyntheticRenderer.render(tiles[t], sky, realism);
            fwhms[t] = tile.fwhmPx();
            FitsImage img = FitsReader.read(new ByteArrayInputStream(tile.fits()), "tile " + tiles[t].id());
            ImageExtraction.Result r = ImageExtraction.run(img, cfg);
            assertThat(r.hasPsf()).isTrue();
            report("tile %d: %dx%d seeing %.2f px, %d sources, psf %s from %d stars, fwhm %.2f, %d hits",
                    tiles[t].id(), tile.width(), tile.height(), tile.fwhmPx(), r.sources().size(), r.psf().origin(),
                    r.psf().starCount(), r.psf().fwhm(), tile.artifacts().cosmicRays().size());
            List<Source> src = r.sources();
            PsfMeasurements pm = r.photometry();
            SourceGrid grid = new SourceGrid(src);
            List<CosmicRay> rays = tile.artifacts().cosmicRays();
            List<Scratch> scratches = tile.artifacts().scratches();
            raysRendered += rays.size();
            List<PlacedStar> truth = tile.stars();
            for (PlacedStar s : truth) {
                if (s.saturated()) {
                    saturatedStars++;
                }
                if (s.x() < EDGE + 0.5 || s.y() < EDGE + 0.5 || s.x() > tile.width() + 0.5 - EDGE
                        || s.y() > tile.height() + 0.5 - EDGE) {
                    continue;
                }
                double snr = truthSnr(s.flux(), s.fwhm(), beta, sigma2, m.gain());
                boolean blended = false, isolated = !s.saturated();
                for (PlacedStar o : truth) {
                    if (o == s) {
                        continue;
                    }
                    double d = Math.hypot(o.x() - s.x(), o.y() - s.y());
                    blended |= o.flux() >= s.flux() && d < 2 * s.fwhm();
                    isolated &= !(o.flux() > 0.1 * s.flux() && d < 3 * s.fwhm()) && !(o.saturated() && d < 30);
                }
                for (CosmicRay c : rays) {
                    isolated &= Math.hypot(c.x() - s.x(), c.y() - s.y()) >= 3 * s.fwhm();
                }
                for (Scratch sc : scratches) {
                    isolated &= sc.distance(s.x(), s.y()) >= 3 * s.fwhm();
                }
                int i = grid.nearest(s.x(), s.y(), Math.max(1.5, s.fwhm() / 2));
                String context = i >= 0 ? "" : context(tiles[t].id(), s, truth, src, scratches, rays);
                stars.add(i < 0
                        ? new StarResult(s, snr, blended, isolated, -1, null, Double.NaN, Double.NaN, Double.NaN,
                                Double.NaN, context)
                        : new StarResult(s, snr, blended, isolated, i, src.get(i), pm.flux()[i], pm.x()[i], pm.y()[i],
                                pm.spread()[i], context));
            }
            for (CosmicRay c : rays) {
                boolean nearStar = truth.stream().anyMatch(s -> Math.hypot(s.x() - c.x(), s.y() - c.y()) < 2 * s.fwhm()
                        && truthSnr(s.flux(), s.fwhm(), beta, sigma2, m.gain()) > 3);
                int i = grid.nearest(c.x(), c.y(), 1.5);
                if (!nearStar && i >= 0) {
                    raySpreads.add(pm.spread()[i]);
                }
            }
        }
    }

    /** Why a star may have been missed: its nearest source, brightest close neighbour, scratch and hits. */
    private static String context(long tile, PlacedStar s, List<PlacedStar> truth, List<Source> src,
                                  List<Scratch> scratches, List<CosmicRay> rays) {
        Source near = null;
        for (Source o : src) {
            if (near == null || Math.hypot(o.x() - s.x(), o.y() - s.y()) < Math.hypot(near.x() - s.x(), near.y() - s.y())) {
                near = o;
            }
        }
        PlacedStar nb = null;
        for (PlacedStar o : truth) {
            if (o != s && Math.hypot(o.x() - s.x(), o.y() - s.y()) < 6 * s.fwhm() && (nb == null || o.flux() > nb.flux())) {
                nb = o;
            }
        }
        double scratch = scratches.stream().mapToDouble(c -> c.distance(s.x(), s.y())).min().orElse(Double.NaN);
        double ray = rays.stream().mapToDouble(c -> Math.hypot(c.x() - s.x(), c.y() - s.y())).min().orElse(Double.NaN);
        return String.format(Locale.ROOT, "tile %d; nearest source %.1f px (flux_auto %.0f, flags %d)%s; scratch %.1f px;"
                        + " hit %.1f px", tile, near == null ? Double.NaN : Math.hypot(near.x() - s.x(), near.y() - s.y()),
                near == null ? Double.NaN : near.fluxAuto(), near == null ? -1 : near.flags(),
                nb == null ? "" : String.format(Locale.ROOT, "; brightest star within 6 FWHM: %.1f px, flux x%.2f%s",
                        Math.hypot(nb.x() - s.x(), nb.y() - s.y()), nb.flux() / s.flux(), nb.saturated() ? " saturated" : ""),
                scratch, ray);
    }

    static double truthSnr(double flux, double fwhm, double beta, double sigma2, double gain) {
        double alpha = fwhm / (2 * Math.sqrt(Math.pow(2, 1 / beta) - 1));
        double area = Math.PI * alpha * alpha * (2 * beta - 1) / ((beta - 1) * (beta - 1));
        return flux / Math.sqrt(flux / gain + area * sigma2);
    }

    @Test
    void completenessAtSnrTenIsAtLeast98Percent() {
        List<StarResult> sample = stars.stream().filter(s -> s.snr() >= 10 && !s.blended()).toList();
        long found = sample.stream().filter(s -> s.index() >= 0).count();
        double completeness = (double) found / sample.size();
        report("completeness SNR>=10: %d / %d = %.4f (seeing %s px; %d saturated stars, %d blended left out)",
                found, sample.size(), completeness, Arrays.toString(fwhms), saturatedStars,
                stars.stream().filter(s -> s.snr() >= 10 && s.blended()).count());
        for (StarResult s : sample) {
            if (s.index() < 0) {
                report("  missed: x %.1f y %.1f flux %.0f snr %.1f fwhm %.2f; %s", s.star().x(), s.star().y(),
                        s.star().flux(), s.snr(), s.star().fwhm(), s.context());
            }
        }
        assertThat(sample.size()).isGreaterThan(600);
        assertThat(completeness).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void centroidRmsAtSnrFiftyIsBelowATenthOfAPixel() {
        List<StarResult> sample = stars.stream()
                .filter(s -> s.snr() >= 50 && s.isolated() && s.index() >= 0).toList();
        double win = rms(sample, s -> Math.hypot(s.source().x() - s.star().x(), s.source().y() - s.star().y()));
        double iso = rms(sample, s -> Math.hypot(s.source().xIso() - s.star().x(), s.source().yIso() - s.star().y()));
        double psf = rms(sample, s -> Math.hypot(s.psfX() - s.star().x(), s.psfY() - s.star().y()));
        report("centroid rms SNR>=50, %d isolated stars: XWIN %.4f px, X_IMAGE %.4f px, XPSF %.4f px (radial)",
                sample.size(), win, iso, psf);
        assertThat(sample.size()).isGreaterThan(150);
        assertThat(win).isLessThanOrEqualTo(0.1);
        assertThat(psf).isLessThanOrEqualTo(0.1);
    }

    @Test
    void psfFluxMedianIsWithinOnePercentOfTruthForUnsaturatedStars() {
        double[] all = ratios(stars.stream().filter(s -> s.snr() >= 10 && !s.blended() && !s.star().saturated()
                && s.index() >= 0 && Double.isFinite(s.psfFlux())).toList());
        double[] clean = ratios(stars.stream().filter(s -> s.snr() >= 50 && s.isolated() && s.index() >= 0
                && Double.isFinite(s.psfFlux())).toList());
        double[] auto = stars.stream().filter(s -> s.snr() >= 50 && s.isolated() && s.index() >= 0)
                .mapToDouble(s -> s.source().fluxAuto() / s.star().flux()).sorted().toArray();
        report("FLUX_PSF / truth, unsaturated unblended SNR>=10: median %.4f (n %d, 16-84%% %.4f..%.4f);"
                        + " isolated SNR>=50: median %.4f (n %d); FLUX_AUTO / truth there: median %.4f",
                median(all), all.length, quantile(all, 0.16), quantile(all, 0.84), median(clean), clean.length,
                median(auto));
        assertThat(all.length).isGreaterThan(600);
        assertThat(median(all)).isCloseTo(1.0, within(0.01));
        assertThat(median(clean)).isCloseTo(1.0, within(0.01));
    }

    @Test
    void spreadModelSeparatesCosmicRaysFromStars() {
        double[] starSpread = stars.stream().filter(s -> s.snr() >= 20 && !s.blended() && s.index() >= 0
                && Double.isFinite(s.spread())).mapToDouble(StarResult::spread).sorted().toArray();
        long starsAbove = Arrays.stream(starSpread).filter(v -> v >= COSMIC_RAY_SPREAD).count();
        long raysBelow = raySpreads.stream().filter(v -> v < COSMIC_RAY_SPREAD).count();
        double fStars = (double) starsAbove / starSpread.length, fRays = (double) raysBelow / raySpreads.size();
        report("SPREAD_MODEL threshold %.3f: stars (SNR>=20, unblended) above %d / %d = %.4f, median %.5f;"
                        + " cosmic rays detected %d of %d rendered, below %d = %.4f", COSMIC_RAY_SPREAD, starsAbove,
                starSpread.length, fStars, median(starSpread), raySpreads.size(), raysRendered, raysBelow, fRays);
        assertThat(raySpreads.size()).isGreaterThan(100);
        assertThat(fRays).isGreaterThanOrEqualTo(0.95);
        assertThat(fStars).isGreaterThanOrEqualTo(0.98);
    }

    private static double[] ratios(List<StarResult> sample) {
        return sample.stream().mapToDouble(s -> s.psfFlux() / s.star().flux()).sorted().toArray();
    }

    private static double rms(List<StarResult> sample, java.util.function.ToDoubleFunction<StarResult> d) {
        return Math.sqrt(sample.stream().mapToDouble(d).map(v -> v * v).average().orElse(Double.NaN));
    }

    private static double median(double[] sorted) {
        return quantile(sorted, 0.5);
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    private static void report(String fmt, Object... args) {
        System.out.println("[end-to-end] " + String.format(Locale.ROOT, fmt, args));
    }

    /** Nearest pass-1 source (by XWIN/YWIN) within a radius, through a coarse grid. */
    static final class SourceGrid {
        private static final double CELL = 8;
        private final List<Source> src;
        private final java.util.Map<Long, List<Integer>> cells = new java.util.HashMap<>();

        SourceGrid(List<Source> src) {
            this.src = src;
            for (int i = 0; i < src.size(); i++) {
                cells.computeIfAbsent(key((int) Math.floor(src.get(i).x() / CELL), (int) Math.floor(src.get(i).y() / CELL)),
                        k -> new ArrayList<>()).add(i);
            }
        }

        private static long key(int cx, int cy) {
            return ((long) cx << 32) ^ (cy & 0xffffffffL);
        }

        int nearest(double x, double y, double radius) {
            int cx = (int) Math.floor(x / CELL), cy = (int) Math.floor(y / CELL);
            int reach = (int) Math.ceil(radius / CELL);
            int best = -1;
            double bd = radius;
            for (int j = cy - reach; j <= cy + reach; j++) {
                for (int i = cx - reach; i <= cx + reach; i++) {
                    for (int k : cells.getOrDefault(key(i, j), List.of())) {
                        double d = Math.hypot(src.get(k).x() - x, src.get(k).y() - y);
                        if (d <= bd) {
                            bd = d;
                            best = k;
                        }
                    }
                }
            }
            return best;
        }
    }

    /** A plate with eight times the usual cosmic-ray rate must not make the hits the PSF stars. */
    @Test
    void psfModelIgnoresAPlateRichInCosmicRays() throws Exception {
        SkySiftConfig cfg = ConfigLoader.fromYamlString("synthetic: {seed: 7, vanished_density: 0}");
        SyntheticSky sky = new SyntheticSky(new SkyModel(cfg.synthetic(), cfg.image().pixelScaleArcsec()));
        RenderedTile tile = SyntheticRenderer.render(new Tile(301, 80.0, 10.0, 20, 20), sky,
                Realism.PLATE.withCosmicRays(400, 500, 20000));
        FitsImage img = FitsReader.read(new ByteArrayInputStream(tile.fits()), "ray-rich tile");
        ImageExtraction.Result r = ImageExtraction.run(img, cfg);
        assertThat(r.psf().isFallback()).isFalse();
        assertThat(r.psf().fwhm()).isCloseTo(tile.fwhmPx(), org.assertj.core.api.Assertions.within(0.5));
    }
}
