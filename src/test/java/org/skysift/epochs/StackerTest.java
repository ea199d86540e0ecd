package org.skysift.epochs;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skysift.wcs.TanWcs;

/**
 * Stacking four rendered frames of one field taken with other pointings, rotations and noise, whose
 * header WCS are off by known amounts. Truth: the noise-free model on the reference grid and the
 * WCS the stars were rendered with.
 */
@Tag("plain")
class StackerTest {
    static final int N = FieldFrames.SIZE;
    static final List<FieldFrames.Star> STARS = FieldFrames.field(450, 7);
    static final TanWcs REF = FieldFrames.reference();
    /** rotation (deg), CRPIX offset (px) of the true WCS; then the header's errors: rotation, CRPIX. */
    static final double[][] POSE = {
        {0, 0, 0, 0, 0, 0},
        {0.3, 3.4, -2.2, 0.02, 0.37, -0.21},
        {-0.5, -5.6, 4.1, -0.03, -0.6, 0.45},
        {0.1, 1.5, 7.3, 0.0, 0.25, 0.3}};
    /** Seeing FWHM of each frame, arcsec: frames of a night differ by some 10%. */
    static final double[] SEEING = {5.1, 5.6, 4.7, 5.4};
    static final float[] REF_MODEL = FieldFrames.model(REF, N, N, FieldFrames.SCALE, STARS);

    static TanWcs trueWcs(int k) {
        return FieldFrames.wcs(N, N, FieldFrames.SCALE, POSE[k][0], POSE[k][1], POSE[k][2]);
    }

    static TanWcs headerWcs(int k) {
        return FieldFrames.wcs(N, N, FieldFrames.SCALE, POSE[k][0] + POSE[k][3], POSE[k][1] + POSE[k][4],
                POSE[k][2] + POSE[k][5]);
    }

    static float[] noisyFrame(int k) {
        return noisyFrame(k, SEEING[k]);
    }

    static float[] noisyFrame(int k, double seeing) {
        return FieldFrames.noisy(FieldFrames.model(trueWcs(k), N, N, FieldFrames.SCALE, seeing, STARS), 100 + k);
    }

    static List<StackFrame> frames() {
        return frames(false);
    }

    /** The four frames, each in its own seeing or all in the reference frame's. */
    static List<StackFrame> frames(boolean sameSeeing) {
        List<StackFrame> out = new ArrayList<>();
        for (int k = 0; k < POSE.length; k++) {
            out.add(FieldFrames.frame("f" + k, noisyFrame(k, SEEING[sameSeeing ? 0 : k]), N, N, headerWcs(k)));
        }
        return out;
    }

    static StackResult stack(List<StackFrame> frames, Combine c) {
        return new Stacker(StackSettings.of(c, 64, 3)).stack(frames);
    }

    /** rms of image - model over interior background pixels (model within 1 count of the sky). */
    static double backgroundRms(float[] image, float[] model) {
        double s = 0, ss = 0;
        int n = 0;
        for (int y = 20; y < N - 20; y++) {
            for (int x = 20; x < N - 20; x++) {
                int i = y * N + x;
                if (model[i] - FieldFrames.SKY < 1 && image[i] == image[i]) {
                    double d = image[i] - model[i];
                    s += d;
                    ss += d * d;
                    n++;
                }
            }
        }
        assertTrue(n > 20000, "background pixels " + n);
        return Math.sqrt(ss / n - (s / n) * (s / n));
    }

    @Test
    void fourFramesLowerTheNoiseByAtLeast1point8() {
        List<StackFrame> frames = frames();
        StackResult r = stack(frames, Combine.mean(3, 3));
        assertEquals(4, r.framesUsed(), r.registrations().toString());
        double single = backgroundRms(frames.get(0).image().data(), REF_MODEL);
        double stacked = backgroundRms(r.image(), REF_MODEL);
        double gain = single / stacked;
        System.out.printf("noise: frame %.2f stack %.2f gain %.3f (estimator's %.3f)%n", single, stacked, gain,
                r.noiseGain());
        assertTrue(gain >= 1.8, "noise gain " + gain);
        // Lanczos smooths resampled frames a little; a gain far above 2 would mean blurring, not averaging
        assertTrue(gain <= 2.4, "noise gain " + gain);
        assertEquals(gain, r.noiseGain(), 0.1 * gain, "the reported gain agrees with the truth-based one");
        int interior = (N / 2) * N + N / 2;
        assertEquals(4, r.nframes()[interior]);
        // clipping leaves the stars' light alone although the frames' seeing differs by 10%
        double ratio = medianFluxRatio(r.image(), REF_MODEL, N, N);
        System.out.printf("stack / truth aperture flux of bright stars: median %.4f%n", ratio);
        assertEquals(1.0, ratio, 0.01);
    }

    /** Median over bright stars of the aperture flux (r = 12 px) in image over that in truth, both on the reference grid. */
    static double medianFluxRatio(float[] image, float[] truth, int w, int h) {
        List<Double> ratios = new ArrayList<>();
        for (FieldFrames.Star s : STARS) {
            double[] p = REF.skyToPixel(s.ra(), s.dec());
            if (s.flux() < 2e4) {
                continue;
            }
            Double got = FieldFrames.aperture(image, w, h, p[0], p[1], 12);
            Double want = FieldFrames.aperture(truth, w, h, p[0], p[1], 12);
            if (got != null && want != null) {
                ratios.add(got / want);
            }
        }
        assertTrue(ratios.size() >= 20, "bright stars measured: " + ratios.size());
        java.util.Collections.sort(ratios);
        return ratios.get(ratios.size() / 2);
    }

    @Test
    void registrationRecoversTheInjectedWcsErrorsWithin0point05Pixel() {
        StackResult r = stack(frames(), Combine.mean(3, 3));
        for (int k = 1; k < POSE.length; k++) {
            FrameRegistration reg = r.registrations().get(k);
            assertEquals(RegistrationStatus.REGISTERED, reg.status(), reg.toString());
            assertTrue(reg.matches() >= 50, reg.toString());
            assertTrue(reg.rmsPx() < 0.2, reg.toString());
            Affine c = reg.correction();
            TanWcs header = headerWcs(k), truth = trueWcs(k);
            double worst = 0, uncorrected = 0;
            for (int y = 1; y <= N; y += 40) {
                for (int x = 1; x <= N; x += 40) {
                    double[] sky = REF.pixelToSky(x, y);
                    double[] want = truth.skyToPixel(sky[0], sky[1]);
                    double[] s2 = REF.pixelToSky(c.x(x, y), c.y(x, y));
                    double[] got = header.skyToPixel(s2[0], s2[1]);
                    double[] raw = header.skyToPixel(sky[0], sky[1]);
                    worst = Math.max(worst, Math.hypot(got[0] - want[0], got[1] - want[1]));
                    uncorrected = Math.max(uncorrected, Math.hypot(raw[0] - want[0], raw[1] - want[1]));
                }
            }
            System.out.printf("frame %d: %d matches, rms %.3f px, worst map error %.4f px (WCS alone %.3f px)%n", k,
                    reg.matches(), reg.rmsPx(), worst, uncorrected);
            assertTrue(worst <= 0.05, "frame " + k + ": map error " + worst + " px");
            if (k < 3) {
                assertTrue(uncorrected > 0.3, "the header error is there to be corrected: " + uncorrected);
            }
        }
    }

    /** Adds a satellite trail (Gaussian cross-section) and five 1-2 pixel cosmic rays to frame 3's pixels. */
    static float[] defaced(float[] clean) {
        float[] d = clean.clone();
        double x1 = 20, y1 = 50, x2 = 380, y2 = 330, sigma = 0.8, amp = 2500;
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                double dist = segmentDistance(x + 1, y + 1, x1, y1, x2, y2);
                if (dist < 4) {
                    d[y * N + x] += (float) (amp * Math.exp(-dist * dist / (2 * sigma * sigma)));
                }
            }
        }
        for (int[] cr : COSMICS) {
            d[(cr[1] - 1) * N + cr[0] - 1] += 20000;
            d[(cr[1] - 1) * N + cr[0]] += 8000;
        }
        return d;
    }

    static final int[][] COSMICS = {{100, 300}, {250, 120}, {333, 333}, {60, 200}, {200, 60}};

    static double segmentDistance(double x, double y, double x1, double y1, double x2, double y2) {
        double dx = x2 - x1, dy = y2 - y1;
        double t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
        return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
    }

    /** Reference pixels (0-based index) whose frame-3 position lies within reach of the trail or a ray. */
    static List<Integer> defacedPixels() {
        List<Integer> out = new ArrayList<>();
        TanWcs t = trueWcs(3);
        for (int y = 6; y < N - 6; y++) {
            for (int x = 6; x < N - 6; x++) {
                double[] sky = REF.pixelToSky(x + 1, y + 1);
                double[] p = t.skyToPixel(sky[0], sky[1]);
                boolean near = segmentDistance(p[0], p[1], 20, 50, 380, 330) < 4;
                for (int[] cr : COSMICS) {
                    near |= Math.hypot(p[0] - cr[0] - 0.5, p[1] - cr[1]) < 4;
                }
                if (near) {
                    out.add(y * N + x);
                }
            }
        }
        return out;
    }

    @Test
    void aTrailAndCosmicRaysInOneFrameAreAbsentFromTheStack() {
        // one seeing for all: with several, dropping a frame's pixels next to a star moves the stack by that
        // frame's PSF difference, which is not what is measured here (the flux test covers mixed seeing)
        List<StackFrame> clean = frames(true);
        List<StackFrame> dirty = new ArrayList<>(clean);
        StackFrame f3 = clean.get(3);
        dirty.set(3, new StackFrame("f3", new org.skysift.fits.FitsImage(N, N, defaced(f3.image().data()),
                f3.image().header()), f3.extract()));
        float[] ref = stack(clean, Combine.mean(3, 3)).image();
        double sigma = backgroundRms(ref, REF_MODEL);
        List<Integer> pixels = defacedPixels();
        assertTrue(pixels.size() > 2000, "trail pixels " + pixels.size());
        // what an unclipped mean leaves of the trail and the rays: the comparison below can fail
        float[] unclipped = stack(dirty, Combine.mean(3, 0)).image();
        float[] cleanUnclipped = stack(clean, Combine.mean(3, 0)).image();
        double junk = 0, worstUnclipped = 0;
        for (int i : pixels) {
            junk += unclipped[i] - cleanUnclipped[i];
            worstUnclipped = Math.max(worstUnclipped, Math.abs(unclipped[i] - cleanUnclipped[i]));
        }
        assertTrue(worstUnclipped > 20 * sigma, "unclipped trail " + worstUnclipped / sigma + " sigma");
        for (Combine c : List.of(Combine.mean(3, 3), Combine.median())) {
            float[] cleanStack = c.method() == Combine.Method.MEAN ? ref : stack(clean, c).image();
            float[] got = stack(dirty, c).image();
            double worst = 0, left = 0;
            for (int i : pixels) {
                double d = got[i] - cleanStack[i];
                left += d;
                worst = Math.max(worst, Math.abs(d) / localNoise(i, sigma));
            }
            System.out.printf("%s: over %d trail/ray pixels, worst |dirty - clean| %.2f sigma (local noise),"
                    + " trail light left %.2f%% of an unclipped mean's%n", c.method(), pixels.size(), worst,
                    100 * left / junk);
            assertTrue(worst <= 5, c.method() + ": worst " + worst + " sigma");
            // the median of four values moves half-way towards the next one when one is an outlier
            double allowed = c.method() == Combine.Method.MEAN ? 0.01 : 0.10;
            assertTrue(Math.abs(left) <= allowed * junk, c.method() + ": trail light left " + left / junk);
        }
    }

    /** The stack's noise at pixel i: its background sigma scaled by the Poisson noise of the star light there. */
    static double localNoise(int i, double sigma) {
        double rn2 = FieldFrames.READ_NOISE * FieldFrames.READ_NOISE;
        return sigma * Math.sqrt((REF_MODEL[i] / FieldFrames.GAIN + rn2) / (FieldFrames.SKY / FieldFrames.GAIN + rn2));
    }

    @Test
    void medianLowersTheNoiseLessThanTheMean() {
        List<StackFrame> frames = frames();
        double single = backgroundRms(frames.get(0).image().data(), REF_MODEL);
        double mean = single / backgroundRms(stack(frames, Combine.mean(3, 3)).image(), REF_MODEL);
        double median = single / backgroundRms(stack(frames, Combine.median()).image(), REF_MODEL);
        System.out.printf("noise gain: mean %.3f, median %.3f%n", mean, median);
        // the median of 4 Gaussian values (mean of the middle two) has about 1.19x the variance of their mean
        assertTrue(median < mean * 0.95, "median " + median + " mean " + mean);
        assertTrue(median > 1.5, "median " + median);
    }

    @Test
    void framesWithoutWcsStarsOrOverlapAreReportedAndSkipped() {
        List<StackFrame> frames = new ArrayList<>(frames().subList(0, 2));
        var cards = new java.util.LinkedHashMap<>(FieldFrames.cards(headerWcs(2), N, N));
        cards.remove("CD1_1");
        cards.remove("CD1_2");
        cards.remove("CD2_1");
        cards.remove("CD2_2");
        frames.add(new StackFrame("nowcs", new org.skysift.fits.FitsImage(N, N, noisyFrame(2),
                new org.skysift.fits.FitsHeader(cards)), FieldFrames.extractParams()));
        float[] sky = FieldFrames.noisy(FieldFrames.model(REF, N, N, FieldFrames.SCALE, List.of()), 9);
        frames.add(FieldFrames.frame("empty", sky, N, N, REF));
        // the same stars, but the header claims a field 30 px away: nothing matches within the search radius
        frames.add(FieldFrames.frame("elsewhere", noisyFrame(3), N, N,
                FieldFrames.wcs(N, N, FieldFrames.SCALE, 0, 31.5, -28)));
        StackResult r = stack(frames, Combine.mean(3, 3));
        List<RegistrationStatus> statuses = r.registrations().stream().map(FrameRegistration::status).toList();
        assertEquals(List.of(RegistrationStatus.REFERENCE, RegistrationStatus.REGISTERED, RegistrationStatus.BAD_WCS,
                RegistrationStatus.NO_STARS, RegistrationStatus.TOO_FEW_MATCHES), statuses);
        for (FrameRegistration reg : r.registrations().subList(2, 5)) {
            assertNotNull(reg.reason());
            System.out.println(reg.name() + ": " + reg.status().label() + ": " + reg.reason());
        }
        assertTrue(r.registrations().get(2).reason().contains("WCS"), r.registrations().get(2).reason());
        assertEquals(2, r.framesUsed());
        assertEquals(2, r.nframes()[(N / 2) * N + N / 2]);
    }

    @Test
    void saturatedCoresKeepTheReferenceValueAndAreNotAveraged() {
        FieldFrames.Star bright = new FieldFrames.Star(FieldFrames.RA, FieldFrames.DEC + 0.01, 4e6);
        List<FieldFrames.Star> stars = new ArrayList<>(STARS);
        stars.add(bright);
        List<StackFrame> frames = new ArrayList<>();
        for (int k = 0; k < POSE.length; k++) {
            float[] img = FieldFrames.noisy(FieldFrames.model(trueWcs(k), N, N, FieldFrames.SCALE, SEEING[k], stars), 50 + k);
            for (int i = 0; i < img.length; i++) {
                img[i] = Math.min(img[i], 65535f);
            }
            frames.add(FieldFrames.frame("s" + k, img, N, N, headerWcs(k)));
        }
        StackResult r = stack(frames, Combine.mean(3, 3));
        assertEquals(4, r.framesUsed(), r.registrations().toString());
        double[] p = REF.skyToPixel(bright.ra(), bright.dec());
        int core = (int) Math.round(p[1] - 1) * N + (int) Math.round(p[0] - 1);
        assertEquals(65535f, r.image()[core], 0f);
        assertEquals(0, r.nframes()[core]);
        assertEquals(0f, r.weight()[core], 0f);
        int far = core + 40; // 40 px along the row: the star's light is long gone, every frame counts
        assertEquals(4, r.nframes()[far]);
        assertTrue(Float.isFinite(r.image()[far]));
    }
}
