package org.skysift.extract.psf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class ModelBoxesTest {
    @Test
    void boxesSumToExactlyWhatPaintingAFloatImageGives() {
        int w = 200, h = 150, n = 400;
        SplittableRandom rng = new SplittableRandom(11);
        float[] image = new float[w * h];
        ModelBoxes boxes = new ModelBoxes(w, h, n);
        for (int i = 0; i < n; i++) {
            if (i % 7 == 3) {
                continue; // sources that painted nothing
            }
            int side = 3 + 2 * rng.nextInt(20);
            int x0 = rng.nextInt(w + side) - side + 1, y0 = rng.nextInt(h + side) - side + 1; // some off the edges
            double flux = Math.exp(rng.nextDouble() * 12);
            double[] model = new double[side * side + 5]; // longer than needed, as the reused buffer is
            for (int k = 0; k < side * side; k++) {
                model[k] = rng.nextDouble() * 1e-2;
            }
            boxes.put(i, x0, y0, side, model, flux);
            for (int j = 0; j < side; j++) {
                for (int q = 0; q < side; q++) {
                    int x = x0 + q, y = y0 + j;
                    if (x >= 0 && y >= 0 && x < w && y < h) {
                        image[y * w + x] += (float) (flux * model[j * side + q]);
                    }
                }
            }
        }
        boxes.index();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertThat(boxes.at(x, y)).as("(%d, %d)", x, y).isEqualTo(image[y * w + x]);
            }
        }
    }
}
