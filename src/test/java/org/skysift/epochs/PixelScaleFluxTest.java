package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.wcs.TanWcs;

/** Frames with 1.25x larger pixels, turned by 0.7 degrees, resampled onto the reference grid keep their stars' flux. */
@Tag("plain")
class PixelScaleFluxTest {
    static final int N = FieldFrames.SIZE;
    static final double SCALE_B = FieldFrames.SCALE * 1.25;
    static final int NB = 330;

    static TanWcs wcsB(int k) {
        return FieldFrames.wcs(NB, NB, SCALE_B, 0.7 - 0.2 * k, 1.3 * k - 2, 0.8 - k);
    }

    @Test
    void resamplingScalesByThePixelAreaAndKeepsStarFlux() {
        TanWcs b = wcsB(0);
        float[] modelB = FieldFrames.model(b, NB, NB, SCALE_B, StackerTest.STARS);
        float[] skyless = modelB.clone();
        double skyB = FieldFrames.SKY * 1.25 * 1.25;
        for (int i = 0; i < skyless.length; i++) {
            skyless[i] -= (float) skyB;
        }
        PixelMap map = new PixelMap(N, N, (x, y) -> {
            double[] sky = StackerTest.REF.pixelToSky(x, y);
            return b.skyToPixel(sky[0], sky[1]);
        });
        assertEquals(1 / (1.25 * 1.25), map.centralArea(N, N), 1e-6, "frame pixels per reference pixel");
        float[] onRef = Lanczos3.resample(skyless, NB, NB, map, N, N);
        float[] refSkyless = StackerTest.REF_MODEL.clone();
        for (int i = 0; i < refSkyless.length; i++) {
            refSkyless[i] -= (float) FieldFrames.SKY;
        }
        double ratio = StackerTest.medianFluxRatio(onRef, refSkyless, N, N);
        System.out.printf("resampled 1.25x-pixel frame / reference aperture flux: median %.5f%n", ratio);
        assertEquals(1.0, ratio, 0.01);
        // the flat sky, resampled with the area factor, is the reference frame's sky per pixel
        float[] flat = new float[NB * NB];
        java.util.Arrays.fill(flat, (float) skyB);
        float[] flatOnRef = Lanczos3.resample(flat, NB, NB, map, N, N);
        assertEquals(FieldFrames.SKY, flatOnRef[(N / 2) * N + N / 2], 0.01);
        assertTrue(Float.isNaN(flatOnRef[0]) || Math.abs(flatOnRef[0] - FieldFrames.SKY) < 0.01);
    }

    @Test
    void aStackWithLargerPixelFramesKeepsStarFlux() {
        List<StackFrame> frames = new ArrayList<>();
        frames.add(FieldFrames.frame("ref", FieldFrames.noisy(StackerTest.REF_MODEL, 1), N, N, StackerTest.REF));
        for (int k = 0; k < 3; k++) {
            float[] m = FieldFrames.model(wcsB(k), NB, NB, SCALE_B, StackerTest.STARS);
            frames.add(FieldFrames.frame("b" + k, FieldFrames.noisy(m, 20 + k), NB, NB, wcsB(k)));
        }
        StackResult r = StackerTest.stack(frames, Combine.mean(3, 3));
        assertEquals(4, r.framesUsed(), r.registrations().toString());
        double ratio = StackerTest.medianFluxRatio(r.image(), StackerTest.REF_MODEL, N, N);
        System.out.printf("stack with three 1.25x-pixel frames / truth aperture flux: median %.5f%n", ratio);
        assertEquals(1.0, ratio, 0.01);
    }
}
