package org.skysift.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class QualityMetricsTest {
    @Test
    void rowByRowFromTheMeshEqualsTheFullMaps() {
        int w = 300, h = 230;
        Random rnd = new Random(7);
        float[] img = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img[y * w + x] = (float) (1000 + 0.3 * x + 0.2 * y + 20 * rnd.nextGaussian());
            }
        }
        for (int k = 0; k < 40; k++) { // cosmic rays
            img[(1 + rnd.nextInt(h - 2)) * w + 1 + rnd.nextInt(w - 2)] += 400 + 300 * rnd.nextFloat();
        }
        img[5] = Float.NaN;
        img[w * 10 + 20] = 60000;
        BackgroundMap bg = new BackgroundEstimator(32, 3).estimate(img, w, h);
        QualityMetrics maps = QualityMetrics.measure(img, w, h, bg.levelMap(), bg.rmsMap(), bg.globalRms(), 50000);
        QualityMetrics rows = QualityMetrics.measure(img, w, h, bg, 50000);
        assertThat(rows).isEqualTo(maps);
        assertThat(rows.cosmicRayHits()).isBetween(30, 40);
    }

    @Test
    void pixelRmsIsBitIdenticalToTheMap() {
        int w = 257, h = 190;
        Random rnd = new Random(3);
        float[] img = new float[w * h];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (500 + (i % w) * 0.1 + (10 + (i / w) * 0.05) * rnd.nextGaussian());
        }
        for (BackgroundMap bg : new BackgroundMap[] {new BackgroundEstimator(32, 3).estimate(img, w, h),
                BackgroundMap.constant(w, h, 3, 2.5)}) {
            float[] rms = bg.rmsMap();
            BackgroundMap.PixelRms px = bg.pixelRms();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertThat(Float.floatToRawIntBits(px.at(x, y))).as("(%d, %d)", x, y)
                            .isEqualTo(Float.floatToRawIntBits(rms[y * w + x]));
                }
            }
        }
    }
}
