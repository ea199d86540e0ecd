package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class Fft2Test {

    @Test
    void compactTransformEqualsTheFullOneAndADirectSum() {
        int w = 90, h = 72, reach = 5;
        Fft2 fft = new Fft2(w, h);
        float[] a = fft.plane();
        Random rnd = new Random(3);
        for (int dy = -7; dy <= 7; dy++) {            // rows reach further than columns: only columns are assumed compact
            for (int dx = -reach; dx <= reach; dx++) {
                int i = 2 * (Math.floorMod(dy, h) * w + Math.floorMod(dx, w));
                a[i] = (float) rnd.nextGaussian();
                a[i + 1] = (float) rnd.nextGaussian();
            }
        }
        float[] full = a.clone(), compact = a.clone();
        fft.forward(full);
        fft.forwardCompact(compact, reach);
        double worst = 0, peak = 0;
        for (int k = 0; k < full.length; k++) {
            worst = Math.max(worst, Math.abs(full[k] - compact[k]));
            peak = Math.max(peak, Math.abs(full[k]));
        }
        assertTrue(worst < 1e-5 * peak, "largest difference " + worst + " of " + peak);
        // one frequency by the definition, sum of a(x, y) exp(-2 pi i (kx x / w + ky y / h))
        int kx = 7, ky = 11;
        double re = 0, im = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ph = -2 * Math.PI * ((double) kx * x / w + (double) ky * y / h);
                double ar = a[2 * (y * w + x)], ai = a[2 * (y * w + x) + 1];
                re += ar * Math.cos(ph) - ai * Math.sin(ph);
                im += ar * Math.sin(ph) + ai * Math.cos(ph);
            }
        }
        int k = 2 * (ky * w + kx);
        assertEquals(re, compact[k], 1e-4 * peak);
        assertEquals(im, compact[k + 1], 1e-4 * peak);
    }
}
