package org.skysift.epochs;

import java.util.ArrayList;
import java.util.List;

/**
 * Peaks of |S_corr| at or above a threshold: the extreme of their sign within a square of half-size
 * sep, with at least MIN_NEIGHBOURS of their 8 neighbours above half the threshold with the same sign
 * (S_corr of a real source is a PSF-smoothed bump; a lone pixel is not one), outside the guard mask.
 */
final class TransientPeaks {
    static final int MIN_NEIGHBOURS = 3;

    private TransientPeaks() {}

    /** 0-based pixel indices, strongest first. */
    static List<Integer> find(float[] scorr, boolean[] guard, int w, int h, double threshold, int sep) {
        List<Integer> out = new ArrayList<>();
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                float v = scorr[i];
                if (guard[i] || !(Math.abs(v) >= threshold)) {
                    continue;
                }
                double sign = Math.signum(v), a = Math.abs(v);
                if (isPeak(scorr, w, h, x, y, sign, a, sep) && neighbours(scorr, w, x, y, sign, threshold / 2) >= MIN_NEIGHBOURS) {
                    out.add(i);
                }
            }
        }
        out.sort((p, q) -> Float.compare(Math.abs(scorr[q]), Math.abs(scorr[p])));
        return out;
    }

    /** No pixel of the window is more extreme with this sign; ties go to the first pixel in scan order. */
    private static boolean isPeak(float[] s, int w, int h, int x, int y, double sign, double a, int sep) {
        for (int j = Math.max(0, y - sep); j <= Math.min(h - 1, y + sep); j++) {
            for (int i = Math.max(0, x - sep); i <= Math.min(w - 1, x + sep); i++) {
                double b = sign * s[j * w + i];
                int k = j * w + i;
                if (b > a || (b == a && k < y * w + x)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int neighbours(float[] s, int w, int x, int y, double sign, double level) {
        int n = 0;
        for (int j = -1; j <= 1; j++) {
            for (int i = -1; i <= 1; i++) {
                if ((i != 0 || j != 0) && sign * s[(y + j) * w + x + i] >= level) {
                    n++;
                }
            }
        }
        return n;
    }

    /** From pixel i, steps to the 8-neighbour of largest |s| of i's sign until none is larger (at most maxSteps). */
    static int climb(float[] s, int w, int h, int i, int maxSteps) {
        double sign = Math.signum(s[i]);
        for (int step = 0; step < maxSteps; step++) {
            int x = i % w, y = i / w, best = i;
            for (int j = Math.max(0, y - 1); j <= Math.min(h - 1, y + 1); j++) {
                for (int k = Math.max(0, x - 1); k <= Math.min(w - 1, x + 1); k++) {
                    if (sign * s[j * w + k] > sign * s[best]) {
                        best = j * w + k;
                    }
                }
            }
            if (best == i) {
                break;
            }
            i = best;
        }
        return i;
    }
}
