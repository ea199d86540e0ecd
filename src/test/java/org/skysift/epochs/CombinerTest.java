package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The combination rules on hand-made pixel stacks, where the right answer is arithmetic. */
@Tag("plain")
class CombinerTest {
    static Combiner.FrameNoise noise(double sigma) {
        return new Combiner.FrameNoise(1 / (sigma * sigma), sigma, 0);
    }

    static Combiner.Planes one(double[] values, double[] sigmas, Combine c) {
        float[][] frames = new float[values.length][1];
        Combiner.FrameNoise[] n = new Combiner.FrameNoise[values.length];
        for (int k = 0; k < values.length; k++) {
            frames[k][0] = (float) values[k];
            n[k] = noise(sigmas[k]);
        }
        return Combiner.combine(frames, n, 1, 1, c);
    }

    @Test
    void plainMeanIsInverseVarianceWeighted() {
        Combiner.Planes p = one(new double[] {10, 20}, new double[] {1, 2}, Combine.mean(3, 0));
        assertEquals((10 * 1 + 20 * 0.25) / 1.25, p.image()[0], 1e-5);
        assertEquals(1.25, p.weight()[0], 1e-6);
        assertEquals(2, p.nframes()[0]);
    }

    @Test
    void oneOutlierAmongFourIsRejectedThoughSampleClippingCouldNot() {
        double[] v = {0.4, -0.6, 0.1, 40};
        double mean = (v[0] + v[1] + v[2] + v[3]) / 4, sd = 0;
        for (double x : v) {
            sd += (x - mean) * (x - mean) / 3;
        }
        // the outlier sits (n - 1) / sqrt(n) = 1.5 sample deviations out: no kappa = 3 clip on the sample catches it
        assertTrue((v[3] - mean) / Math.sqrt(sd) < 1.5 + 1e-9);
        Combiner.Planes p = one(v, new double[] {1, 1, 1, 1}, Combine.mean(3, 3));
        assertEquals((0.4 - 0.6 + 0.1) / 3, p.image()[0], 1e-6);
        assertEquals(3, p.nframes()[0]);
        assertEquals(3.0, p.weight()[0], 1e-6);
    }

    @Test
    void twoFramesThatDisagreeKeepTheLowerValue() {
        Combiner.Planes p = one(new double[] {250, 3}, new double[] {1, 1}, Combine.mean(3, 3));
        assertEquals(3, p.image()[0], 1e-6);
        assertEquals(1, p.nframes()[0]);
        Combiner.Planes agree = one(new double[] {1, 3}, new double[] {1, 1}, Combine.mean(3, 3));
        assertEquals(2, agree.image()[0], 1e-6);
        assertEquals(2, agree.nframes()[0]);
    }

    @Test
    void nanValuesAreLeftOutAndAllNanGivesNanWithWeightZero() {
        Combiner.Planes p = one(new double[] {Double.NaN, 2, 4}, new double[] {1, 1, 1}, Combine.mean(3, 3));
        assertEquals(3, p.image()[0], 1e-6);
        assertEquals(2, p.nframes()[0]);
        Combiner.Planes none = one(new double[] {Double.NaN, Double.NaN}, new double[] {1, 1}, Combine.median());
        assertTrue(Float.isNaN(none.image()[0]));
        assertEquals(0, none.weight()[0]);
        assertEquals(0, none.nframes()[0]);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Combiner.Planes p = one(new double[] {7, 1, 100, 3}, new double[] {1, 1, 1, 1}, Combine.median());
        assertEquals(5, p.image()[0], 1e-6);
        assertEquals(4, p.nframes()[0]);
    }

    @Test
    void growingRejectsTheOutlyingFramesNeighboursOnly() {
        int w = 11, h = 11;
        float[][] frames = new float[4][w * h];
        Combiner.FrameNoise[] n = {noise(1), noise(1), noise(1), noise(1)};
        frames[2][5 * w + 5] = 100; // far beyond 2 kappa sigma
        frames[2][5 * w + 7] = 2;   // within kappa: kept without growing
        Combiner.Planes plain = Combiner.combine(copy(frames), n, w, h, new Combine(Combine.Method.MEAN, 3, 3, 0, 0));
        Combiner.Planes grown = Combiner.combine(copy(frames), n, w, h, new Combine(Combine.Method.MEAN, 3, 3, 0, 2.5));
        assertEquals(4, plain.nframes()[5 * w + 7]);
        assertEquals(3, grown.nframes()[5 * w + 7]);
        assertEquals(0, grown.image()[5 * w + 7], 1e-6);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean near = (x - 5) * (x - 5) + (y - 5) * (y - 5) <= 2.5 * 2.5;
                assertEquals(near ? 3 : 4, grown.nframes()[y * w + x], "pixel " + x + "," + y);
            }
        }
        assertEquals(3, plain.nframes()[5 * w + 5]);
    }

    static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
