package org.skysift.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Deblending (NTHRESH 32, MINCONT 0.005, minArea 5) on synthetic filtered images: the footprint
 * is the 8-connected region above a flat threshold of 10 that holds the brightest pixel.
 */
@Tag("plain")
class DeblenderTest {
    private static final int W = 128;
    private static final float THRESH = 10;

    /** Exponential disc, scale length 8 px, central value 1000 (flux ~4e5): edge at r ~ 37 px. */
    private static float[] disc(long seed, double noise) {
        Random rnd = new Random(seed);
        float[] img = new float[W * W];
        for (int y = 0; y < W; y++) {
            for (int x = 0; x < W; x++) {
                double r = Math.hypot(x - 64, y - 64);
                img[y * W + x] = (float) (1000 * Math.exp(-r / 8) + noise * rnd.nextGaussian());
            }
        }
        return img;
    }

    private static void addGauss(float[] img, double cx, double cy, double sigma, double flux) {
        double amp = flux / (2 * Math.PI * sigma * sigma);
        for (int y = 0; y < W; y++) {
            for (int x = 0; x < W; x++) {
                double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                img[y * W + x] += (float) (amp * Math.exp(-0.5 * r2 / (sigma * sigma)));
            }
        }
    }

    /** Runs the deblender on the footprint; returns the owners (null = whole) and the pixel list. */
    private static int[][] deblend(float[] img) {
        int start = 0;
        for (int p = 1; p < img.length; p++) {
            if (img[p] > img[start]) {
                start = p;
            }
        }
        boolean[] in = new boolean[img.length];
        int[] stack = new int[img.length];
        int top = 0, n = 0;
        stack[top++] = start;
        in[start] = true;
        while (top > 0) {
            int p = stack[--top];
            n++;
            int x = p % W, y = p / W;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if (xx >= 0 && yy >= 0 && xx < W && yy < W && !in[yy * W + xx] && img[yy * W + xx] > THRESH) {
                        in[yy * W + xx] = true;
                        stack[top++] = yy * W + xx;
                    }
                }
            }
        }
        int[] pix = new int[n];
        float[] dval = new float[n], thr = new float[n];
        int k = 0;
        for (int p = 0; p < img.length; p++) {
            if (in[p]) {
                pix[k] = p;
                dval[k] = img[p];
                thr[k++] = THRESH;
            }
        }
        int[] owner = new Deblender(32, 0.005, 5).split(pix, dval, thr, 0, n, W);
        return new int[][] {owner, pix};
    }

    private static int pieces(int[] owner) {
        return owner == null ? 1 : Arrays.stream(owner).max().getAsInt() + 1;
    }

    @Test
    void smoothNoisyDiscWithFaintKnotsStaysWhole() {
        for (long seed = 1; seed <= 3; seed++) {
            float[] img = disc(seed, 5);
            // knots of 0.2% of the disc flux each, below MINCONT
            addGauss(img, 74, 64, 1.2, 800);
            addGauss(img, 64, 49, 1.2, 800);
            addGauss(img, 44, 64, 1.2, 800);
            assertNull(deblend(img)[0], "seed " + seed + ": disc split into pieces");
        }
    }

    @Test
    void knotAboveMincontSplitsOff() {
        float[] img = disc(7, 5);
        addGauss(img, 79, 64, 1.2, 8000); // 2% of the disc
        int[][] r = deblend(img);
        assertEquals(2, pieces(r[0]));
        int knotOwner = -1;
        for (int j = 0; j < r[1].length; j++) {
            if (r[1][j] == 64 * W + 79) {
                knotOwner = r[0][j];
            }
        }
        int centreOwner = -1;
        for (int j = 0; j < r[1].length; j++) {
            if (r[1][j] == 64 * W + 64) {
                centreOwner = r[0][j];
            }
        }
        assertNotNull(r[0]);
        assertEquals(1, Math.abs(knotOwner - centreOwner), "knot and disc centre belong to different pieces");
    }

    @Test
    void twoCloseStarsSplitAtTheMidpoint() {
        float[] img = new float[W * W];
        addGauss(img, 61.5, 64, 1.5, 1e4);
        addGauss(img, 66.5, 64, 1.5, 1e4); // 5 px = 3.3 sigma apart
        int[][] r = deblend(img);
        assertEquals(2, pieces(r[0]));
        int[] left = new int[2], right = new int[2];
        for (int j = 0; j < r[1].length; j++) {
            int x = r[1][j] % W;
            if (x <= 62) {
                left[r[0][j]]++;
            } else if (x >= 66) {
                right[r[0][j]]++;
            }
        }
        // each side belongs wholly to one piece, and the two sides to different pieces
        assertEquals(0, Math.min(left[0], left[1]));
        assertEquals(0, Math.min(right[0], right[1]));
        assertEquals(left[0] == 0, right[0] != 0);
    }
}
