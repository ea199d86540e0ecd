package org.skysift.extract;

import java.util.Arrays;

/**
 * Convolves an image with a {@link Kernel} one output row at a time, so the filtered image never
 * exists in full. Pixels beyond the image count as zero (as in SExtractor). Separable kernels
 * keep a ring of horizontally filtered rows; rows must then be requested in increasing order.
 */
public final class Convolver {
    private final float[] img;
    private final int w;
    private final int h;
    private final Kernel kernel;
    private final float[] col;
    private final float[] row;
    private final int rx;
    private final int ry;
    private final float[][] ring;
    private final int[] ringRow;

    public Convolver(float[] img, int w, int h, Kernel kernel) {
        this.img = img;
        this.w = w;
        this.h = h;
        this.kernel = kernel;
        this.rx = kernel.width() / 2;
        this.ry = kernel.height() / 2;
        float[][] sep = kernel.separable();
        this.col = sep == null ? null : sep[0];
        this.row = sep == null ? null : sep[1];
        this.ring = sep == null ? null : new float[kernel.height()][w];
        this.ringRow = new int[kernel.height()];
        Arrays.fill(ringRow, -1);
    }

    /** Writes filtered row y into out[0..w). */
    public void row(int y, float[] out) {
        if (col != null) {
            separableRow(y, out);
        } else {
            directRow(y, out);
        }
    }

    private void separableRow(int y, float[] out) {
        Arrays.fill(out, 0, w, 0f);
        for (int j = -ry; j <= ry; j++) {
            int yy = y + j;
            if (yy < 0 || yy >= h) {
                continue;
            }
            float[] hr = horizontal(yy);
            float c = col[j + ry];
            for (int x = 0; x < w; x++) {
                out[x] += c * hr[x];
            }
        }
    }

    private float[] horizontal(int yy) {
        int slot = yy % ring.length;
        float[] hr = ring[slot];
        if (ringRow[slot] == yy) {
            return hr;
        }
        int base = yy * w;
        int lo = Math.min(rx, w), hi = Math.max(lo, w - rx);
        // interior: one pass per tap over the row (vectorisable); the taps are added in the same
        // order as a per-pixel sum, so the result is bit for bit the same
        if (hi > lo) {
            float c0 = row[0];
            for (int x = lo; x < hi; x++) {
                hr[x] = c0 * img[base + x - rx];
            }
            for (int i = 1; i < row.length; i++) {
                float c = row[i];
                int off = base - rx + i;
                for (int x = lo; x < hi; x++) {
                    hr[x] += c * img[off + x];
                }
            }
        }
        for (int x = 0; x < lo; x++) {
            hr[x] = edgeSum(base, x);
        }
        for (int x = hi; x < w; x++) {
            hr[x] = edgeSum(base, x);
        }
        ringRow[slot] = yy;
        return hr;
    }

    /** Horizontal sum at a pixel whose kernel reaches past the image edge (outside counts as zero). */
    private float edgeSum(int base, int x) {
        int a = Math.max(-rx, -x), b = Math.min(rx, w - 1 - x);
        float s = 0;
        for (int i = a; i <= b; i++) {
            s += row[i + rx] * img[base + x + i];
        }
        return s;
    }

    private void directRow(int y, float[] out) {
        float[] k = kernel.weights();
        int kw = kernel.width();
        int lo = Math.min(rx, w), hi = Math.max(lo, w - rx);
        // interior pixels: tap by tap over the row, in the per-pixel order of the edge loop below
        Arrays.fill(out, lo, hi, 0f);
        for (int j = -ry; j <= ry; j++) {
            int yy = y + j;
            if (yy < 0 || yy >= h) {
                continue;
            }
            int base = yy * w, kb = (j + ry) * kw + rx;
            for (int i = -rx; i <= rx; i++) {
                float c = k[kb + i];
                int off = base + i;
                for (int x = lo; x < hi; x++) {
                    out[x] += c * img[off + x];
                }
            }
        }
        for (int x = 0; x < lo; x++) {
            out[x] = directEdge(y, x);
        }
        for (int x = hi; x < w; x++) {
            out[x] = directEdge(y, x);
        }
    }

    private float directEdge(int y, int x) {
        float[] k = kernel.weights();
        int kw = kernel.width();
        float s = 0;
        for (int j = -ry; j <= ry; j++) {
            int yy = y + j;
            if (yy < 0 || yy >= h) {
                continue;
            }
            int base = yy * w, kb = (j + ry) * kw + rx;
            int a = Math.max(-rx, -x), b = Math.min(rx, w - 1 - x);
            for (int i = a; i <= b; i++) {
                s += k[kb + i] * img[base + x + i];
            }
        }
        return s;
    }
}
