package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class Lanczos3Test {
    static PixelMap shift(int w, int h, double dx, double dy) {
        return new PixelMap(w, h, (x, y) -> new double[] {x + dx, y + dy});
    }

    @Test
    void integerShiftCopiesAndAFlatImageStaysFlat() {
        int w = 40, h = 30;
        float[] src = new float[w * h];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) r.nextGaussian();
        }
        float[] out = Lanczos3.resample(src, w, h, shift(w, h, 2, -1), w, h);
        assertEquals(src[(10 - 1) * w + 12], out[10 * w + 10], 0f);
        float[] flat = new float[w * h];
        java.util.Arrays.fill(flat, 7f);
        float[] moved = Lanczos3.resample(flat, w, h, shift(w, h, 0.37, 0.81), w, h);
        assertEquals(7f, moved[15 * w + 20], 1e-5);
    }

    @Test
    void aNanBlanksExactlyTheOutputsWhoseFootprintHoldsIt() {
        int w = 30, h = 30;
        float[] src = new float[w * h];
        java.util.Arrays.fill(src, 1f);
        src[15 * w + 15] = Float.NaN;
        double dx = 0.4, dy = 0.3;
        float[] out = Lanczos3.resample(src, w, h, shift(w, h, dx, dy), w, h);
        for (int y = 4; y < h - 4; y++) {
            for (int x = 4; x < w - 4; x++) {
                // output (x, y) samples 0-based position (x + dx, y + dy): taps floor - 2 .. floor + 3
                boolean covers = 15 >= x - 2 && 15 <= x + 3 && 15 >= y - 2 && 15 <= y + 3;
                assertEquals(covers, Float.isNaN(out[y * w + x]), "pixel " + x + "," + y);
                if (!covers) {
                    assertEquals(1f, out[y * w + x], 1e-5);
                }
            }
        }
    }

    @Test
    void outsideTheFrameIsNan() {
        int w = 20, h = 20;
        float[] src = new float[w * h];
        float[] out = Lanczos3.resample(src, w, h, shift(w, h, 5.5, 0), w, h);
        assertTrue(Float.isNaN(out[10 * w + 19]));
        assertTrue(Float.isNaN(out[10 * w + 12]), "taps reach beyond the last column");
        assertEquals(0f, out[10 * w + 5], 0f);
    }
}
