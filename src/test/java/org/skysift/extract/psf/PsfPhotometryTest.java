package org.skysift.extract.psf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.synth.CosmicRay;
import org.skysift.synth.Realism;
import org.skysift.synth.RenderedTile;

/**
 * Pass 2 against the truth of a plate with varying seeing, cosmic-ray hits, a scratch and halos,
 * true positions as the detection list.
 */
@Tag("plain")
class PsfPhotometryTest {
    /** Cosmic-ray threshold: SPREAD_MODEL below this is sharper than the PSF. */
    static final double COSMIC_RAY_SPREAD = -0.005;

    static PsfFields.Field field;
    static PsfModel model;
    static PsfParams params;
    static PsfMeasurements stars;

    @BeforeAll
    static void measure() {
        field = PsfFields.render(7, 40, 3000, Realism.PLATE.withCosmicRays(100, 500, 20000));
        params = PsfParams.defaults().withGain(1);
        model = PsfBuilder.build(field.sub(), field.rms(), field.w(), field.h(), field.candidates(), params);
        stars = PsfPhotometry.measure(field.sub(), field.rms(), field.w(), field.h(), model, field.xs(), field.ys(), params);
    }

    /** Unsaturated stars away from scratches whose fit is clean, with true SNR at least minSnr. */
    private static List<Integer> clean(double minSnr, double maxSnr) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < field.stars().size(); i++) {
            RenderedTile.PlacedStar s = field.stars().get(i);
            double snr = s.flux() / stars.fluxErr()[i];
            boolean nearScratch = field.tile().artifacts().scratches().stream().anyMatch(k -> k.distance(s.x(), s.y()) < 10);
            if (!s.saturated() && !nearScratch && stars.flags()[i] == 0 && snr >= minSnr && snr < maxSnr) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void fluxPsfMedianIsWithinOnePercentOfTruthAndErrorsAreHonest() {
        List<Integer> idx = clean(20, Double.POSITIVE_INFINITY);
        assertThat(idx).hasSizeGreaterThan(250);
        double[] ratio = idx.stream().mapToDouble(i -> stars.flux()[i] / field.stars().get(i).flux()).toArray();
        assertThat(quantile(ratio, 0.5)).isCloseTo(1.0, within(0.01));
        // background-limited stars: the scatter of (flux - truth) / error is about one
        double[] pull = clean(20, 50).stream().mapToDouble(i -> (stars.flux()[i] - field.stars().get(i).flux()) / stars.fluxErr()[i]).toArray();
        double sigma = (quantile(pull, 0.75) - quantile(pull, 0.25)) / 1.349;
        assertThat(sigma).isBetween(0.7, 1.4);
        assertThat(quantile(pull, 0.5)).isCloseTo(0.0, within(0.5));
    }

    @Test
    void refittedPositionsLandOnTheTrueCentres() {
        List<Integer> bright = clean(100, Double.POSITIVE_INFINITY);
        double[] err = bright.stream().mapToDouble(i -> Math.hypot(stars.x()[i] - field.stars().get(i).x(),
                stars.y()[i] - field.stars().get(i).y())).toArray();
        assertThat(quantile(err, 0.5)).isLessThan(0.05);
        // starting a pixel off, the refit walks back
        double[] x = bright.stream().mapToDouble(i -> field.stars().get(i).x() + 0.7).toArray();
        double[] y = bright.stream().mapToDouble(i -> field.stars().get(i).y() - 0.6).toArray();
        PsfMeasurements moved = PsfPhotometry.measure(field.sub(), field.rms(), field.w(), field.h(), model, x, y, params);
        double[] back = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            RenderedTile.PlacedStar s = field.stars().get(bright.get(k));
            back[k] = Math.hypot(moved.x()[k] - s.x(), moved.y()[k] - s.y());
        }
        assertThat(quantile(back, 0.5)).isLessThan(0.08);
    }

    @Test
    void spreadModelSeparatesCosmicRaysFromStars() {
        double[] starSpread = clean(20, Double.POSITIVE_INFINITY).stream().mapToDouble(i -> stars.spread()[i]).toArray();
        assertThat(quantile(starSpread, 0.5)).isCloseTo(0.0, within(0.001));
        List<CosmicRay> rays = field.tile().artifacts().cosmicRays();
        assertThat(rays).hasSizeGreaterThan(100);
        double[] cx = rays.stream().mapToDouble(CosmicRay::x).toArray();
        double[] cy = rays.stream().mapToDouble(CosmicRay::y).toArray();
        PsfMeasurements hits = PsfPhotometry.measure(field.sub(), field.rms(), field.w(), field.h(), model, cx, cy, params);
        long below = 0;
        for (int i = 0; i < cx.length; i++) {
            if (hits.spread()[i] < COSMIC_RAY_SPREAD) {
                below++;
            }
        }
        long starsAbove = java.util.Arrays.stream(starSpread).filter(v -> v >= COSMIC_RAY_SPREAD).count();
        assertThat((double) below / cx.length).as("cosmic rays below %s", COSMIC_RAY_SPREAD).isGreaterThanOrEqualTo(0.95);
        assertThat((double) starsAbove / starSpread.length).as("stars above %s", COSMIC_RAY_SPREAD).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void aSourceWiderThanThePsfHasPositiveSpread() {
        // a star convolved with extra blur: a stand-in for a small galaxy
        int w = 64, h = 64;
        float[] img = new float[w * h];
        float[] rms = new float[w * h];
        java.util.Arrays.fill(rms, 5f);
        double a = 1.3 * 2.84 / (2 * Math.sqrt(Math.pow(2, 1 / 3.0) - 1));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r2 = (x - 31.3) * (x - 31.3) + (y - 32.2) * (y - 32.2);
                img[y * w + x] = (float) (5e4 * 2 / (Math.PI * a * a) * Math.pow(1 + r2 / (a * a), -3));
            }
        }
        PsfModel narrow = MoffatPsf.fallback(img, NoiseMap.of(rms), w, h, new PsfCandidates(new double[0], new double[0],
                new double[0], new double[0], new double[0], new double[0], new int[0]), new int[0], params, 12, 2.84, true);
        PsfMeasurements m = PsfPhotometry.measure(img, rms, w, h, narrow, new double[] {32.3}, new double[] {33.2}, params);
        assertThat(m.spread()[0]).isGreaterThan(0.005);
        assertThat(m.spread()[0]).isGreaterThan(5 * m.spreadErr()[0]);
    }

    static double quantile(double[] v, double q) {
        double[] a = v.clone();
        java.util.Arrays.sort(a);
        return a[(int) Math.min(a.length - 1, Math.floor(q * a.length))];
    }
}
