package org.skysift.extract.psf;

import java.util.Arrays;

/**
 * The first-round PSF models of all sources for neighbour subtraction, kept as one small box per
 * source instead of a full-image float array (a few percent of the pixels instead of 4 bytes each).
 * A pixel's value is the float sum of the boxes covering it, added in source order: exactly what
 * painting them one after another into a float image gives.
 */
final class ModelBoxes {
    private static final int CELL = 32;

    private final int cols;
    private final int rows;
    private final int[] xa;
    private final int[] ya;
    private final int[] side;
    private final float[][] values;
    private int[][] cells;

    ModelBoxes(int w, int h, int n) {
        this.cols = (w + CELL - 1) / CELL;
        this.rows = (h + CELL - 1) / CELL;
        this.xa = new int[n];
        this.ya = new int[n];
        this.side = new int[n];
        this.values = new float[n][];
    }

    /** Source i's box at 0-based corner (x0, y0): flux x model, rounded to float as a painted image would hold it. */
    void put(int i, int x0, int y0, int s, double[] model, double flux) {
        float[] v = new float[s * s];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (flux * model[k]);
        }
        xa[i] = x0;
        ya[i] = y0;
        side[i] = s;
        values[i] = v;
    }

    /** Builds the cell index; call once after every put. */
    void index() {
        int[] count = new int[cols * rows];
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                cells = new int[cols * rows][];
                for (int c = 0; c < count.length; c++) {
                    cells[c] = new int[count[c]];
                }
                Arrays.fill(count, 0);
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    continue;
                }
                int c0 = Math.max(0, xa[i] / CELL), c1 = Math.min(cols - 1, Math.floorDiv(xa[i] + side[i] - 1, CELL));
                int r0 = Math.max(0, ya[i] / CELL), r1 = Math.min(rows - 1, Math.floorDiv(ya[i] + side[i] - 1, CELL));
                for (int rr = Math.max(0, r0); rr <= r1; rr++) {
                    for (int cc = Math.max(0, c0); cc <= c1; cc++) {
                        int cell = rr * cols + cc;
                        if (pass == 1) {
                            cells[cell][count[cell]] = i;
                        }
                        count[cell]++;
                    }
                }
            }
        }
    }

    /** The painted model at in-image pixel (x, y). */
    float at(int x, int y) {
        float acc = 0f;
        for (int i : cells[(y / CELL) * cols + x / CELL]) {
            int dx = x - xa[i], dy = y - ya[i];
            if (dx >= 0 && dy >= 0 && dx < side[i] && dy < side[i]) {
                acc += values[i][dy * side[i] + dx];
            }
        }
        return acc;
    }
}
