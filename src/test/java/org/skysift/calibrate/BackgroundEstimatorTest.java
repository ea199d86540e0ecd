package org.skysift.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class BackgroundEstimatorTest {
    @Test
    void flatPlusGradientWithStarsIsRecoveredToAFractionOfTheNoise() {
        int w = 512, h = 384;
        double sigma = 10;
        float[] img = new float[w * h];
        double[] truth = new double[w * h];
        SplittableRandom rng = new SplittableRandom(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                truth[y * w + x] = 1000 + 0.2 * x - 0.15 * y;
                img[y * w + x] = (float) (truth[y * w + x] + sigma * rng.nextGaussian());
            }
        }
        // 150 bright stars that the clipping must ignore
        for (int k = 0; k < 150; k++) {
            int cx = rng.nextInt(w), cy = rng.nextInt(h);
            for (int y = Math.max(0, cy - 6); y < Math.min(h, cy + 7); y++) {
                for (int x = Math.max(0, cx - 6); x < Math.min(w, cx + 7); x++) {
                    img[y * w + x] += (float) (5000 * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 4.5));
                }
            }
        }
        img[100] = Float.NaN;
        BackgroundMap bg = new BackgroundEstimator(64, 3).estimate(img, w, h);
        float[] level = bg.levelMap();
        double worst = 0;
        for (int y = 96; y < h - 96; y++) {
            for (int x = 96; x < w - 96; x++) {
                worst = Math.max(worst, Math.abs(level[y * w + x] - truth[y * w + x]));
            }
        }
        // the median filter's window is clipped at the mesh edges (as in SExtractor), which biases the
        // outer ring of meshes on a slope; inside it the spline must give the plane within 0.3 sigma
        assertThat(worst).isLessThan(0.3 * sigma);
        // a single-pixel lookup agrees with the row evaluation
        assertThat(bg.levelAt(200, 150)).isCloseTo(level[150 * w + 200], within(1e-3));
        // a mesh cell's rms also holds the gradient across the cell (uniform spread: range^2 / 12)
        double expectedRms = Math.sqrt(sigma * sigma + Math.pow(0.2 * 64, 2) / 12 + Math.pow(0.15 * 64, 2) / 12);
        assertThat(bg.globalRms()).isCloseTo(expectedRms, within(0.03 * expectedRms));
        assertThat(bg.globalLevel()).isCloseTo(1000 + 0.2 * w / 2 - 0.15 * h / 2, within(2.0));
    }

    @Test
    void clippedModeOfSymmetricNoiseIsItsCentre() {
        SplittableRandom rng = new SplittableRandom(4);
        float[] v = new float[4096];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (200 + 5 * rng.nextGaussian());
        }
        double[] s = BackgroundEstimator.clippedModeAndRms(v, v.length);
        assertThat(s[0]).isCloseTo(200, within(0.5));
        assertThat(s[1]).isCloseTo(5, within(0.25));
    }

    @Test
    void allBlankImageGivesNaNNotAnException() {
        float[] img = new float[64 * 64];
        java.util.Arrays.fill(img, Float.NaN);
        BackgroundMap bg = new BackgroundEstimator(32, 3).estimate(img, 64, 64);
        assertThat(bg.globalLevel()).isNaN();
    }
}
