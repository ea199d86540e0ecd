package org.skysift.extract.psf;

import java.util.Arrays;

/** Points bucketed in square cells (head/next linked lists), for "who lies within r of here". */
final class NeighbourGrid {
    private final double[] x;
    private final double[] y;
    private final double cell;
    private final int nx;
    private final int ny;
    private final int[] head;
    private final int[] next;
    private int[] found = new int[16];

    /** Positions in any consistent pixel frame; NaN positions are left out. */
    NeighbourGrid(double[] x, double[] y, int width, int height, double cell) {
        this.x = x;
        this.y = y;
        this.cell = Math.max(1.0, cell);
        this.nx = Math.max(1, (int) Math.ceil((width + 2) / this.cell));
        this.ny = Math.max(1, (int) Math.ceil((height + 2) / this.cell));
        this.head = new int[nx * ny];
        this.next = new int[x.length];
        Arrays.fill(head, -1);
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                int k = cellOf(x[i], y[i]);
                next[i] = head[k];
                head[k] = i;
            }
        }
    }

    private int cellOf(double px, double py) {
        int i = Math.max(0, Math.min(nx - 1, (int) Math.floor(px / cell)));
        int j = Math.max(0, Math.min(ny - 1, (int) Math.floor(py / cell)));
        return j * nx + i;
    }

    /** Indices within r of (px, py) other than {@code self}; valid until the next call. Count in [0]. */
    int within(double px, double py, double r, int self) {
        int n = 0;
        int i0 = Math.max(0, (int) Math.floor((px - r) / cell)), i1 = Math.min(nx - 1, (int) Math.floor((px + r) / cell));
        int j0 = Math.max(0, (int) Math.floor((py - r) / cell)), j1 = Math.min(ny - 1, (int) Math.floor((py + r) / cell));
        double r2 = r * r;
        for (int j = j0; j <= j1; j++) {
            for (int i = i0; i <= i1; i++) {
                for (int k = head[j * nx + i]; k >= 0; k = next[k]) {
                    double dx = x[k] - px, dy = y[k] - py;
                    if (k != self && dx * dx + dy * dy <= r2) {
                        if (n == found.length) {
                            found = Arrays.copyOf(found, n * 2);
                        }
                        found[n++] = k;
                    }
                }
            }
        }
        return n;
    }

    /** The buffer {@link #within} filled. */
    int[] found() {
        return found;
    }
}
