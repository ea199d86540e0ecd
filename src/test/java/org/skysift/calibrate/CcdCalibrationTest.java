package org.skysift.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class CcdCalibrationTest {
    @Test
    void biasDarkAndFlatAreRemoved() {
        int w = 40, h = 30, n = w * h;
        SplittableRandom rng = new SplittableRandom(1);
        float[] sky = new float[n], bias = new float[n], dark = new float[n], flat = new float[n], raw = new float[n];
        for (int i = 0; i < n; i++) {
            sky[i] = (float) (500 + 100 * rng.nextDouble());
            bias[i] = (float) (300 + 10 * rng.nextGaussian());
            dark[i] = (float) (20 + rng.nextDouble());           // counts in a 600 s dark
            flat[i] = (float) (2.0 * (0.8 + 0.4 * rng.nextDouble())); // gain pattern around 1, scaled by 2
            double norm = flat[i] / 2.0;
            raw[i] = (float) (sky[i] * norm + bias[i] + dark[i] * (300.0 / 600.0));
        }
        float[] flatMedianOne = flat.clone();
        float[] img = raw.clone();
        CcdCalibration.apply(img, w, h, 300, new CalibrationFrames(w, h, bias, dark, 600, flatMedianOne));
        // the flat is normalised by its median, not by 2, so the sky comes back scaled by median(flat) / 2
        float[] sorted = flat.clone();
        Arrays.sort(sorted);
        double scale = 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        for (int i = 0; i < n; i++) {
            assertThat(img[i]).isCloseTo((float) (sky[i] * scale), within(0.05f));
        }
    }

    @Test
    void zeroFlatPixelsAreMaskedAndMismatchesAreNamed() {
        float[] img = {10, 10, 10, 10};
        CcdCalibration.apply(img, 2, 2, Double.NaN, new CalibrationFrames(2, 2, null, null, 0, new float[] {1, 0, 1, 1}));
        assertThat(img[1]).isNaN();
        assertThat(img[0]).isEqualTo(10f);
        assertThatThrownBy(() -> CcdCalibration.apply(new float[6], 3, 2, 1,
                new CalibrationFrames(2, 2, new float[4], null, 0, null)))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("2x2").hasMessageContaining("3x2");
        assertThatThrownBy(() -> CcdCalibration.apply(new float[4], 2, 2, Double.NaN,
                new CalibrationFrames(2, 2, null, new float[4], 600, null)))
                .hasMessageContaining("EXPTIME");
    }

    @Test
    void qualityMetricsCountSaturationCosmicRaysAndGradient() {
        int w = 50, h = 50;
        float[] img = new float[w * h], level = new float[w * h], rms = new float[w * h];
        for (int i = 0; i < img.length; i++) {
            level[i] = 100 + (i % w);   // 49 counts across
            img[i] = level[i];
            rms[i] = 5;
        }
        img[10 * w + 10] += 500;                   // a cosmic ray: one sharp pixel
        for (int y = 29; y <= 31; y++) {           // a star: its neighbours are bright too
            for (int x = 29; x <= 31; x++) {
                img[y * w + x] += (x == 30 && y == 30) ? 400 : 250;
            }
        }
        img[0] = 65535;
        img[1] = 65535;
        QualityMetrics q = QualityMetrics.measure(img, w, h, level, rms, 5, 65535);
        assertThat(q.cosmicRayHits()).isEqualTo(1);
        assertThat(q.saturatedFraction()).isCloseTo(2.0 / (w * h), within(1e-12));
        assertThat(q.backgroundRange()).isCloseTo(49 / 5.0, within(1e-9));
    }
}
