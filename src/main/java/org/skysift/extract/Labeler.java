package org.skysift.extract;

import java.util.Arrays;
import org.skysift.calibrate.BackgroundMap;

/**
 * Detection: filters the background-subtracted image row by row, keeps pixels whose filtered value
 * exceeds detectThresh x the local rms, and joins them into 8-connected groups. Rows are stored as
 * runs of consecutive pixels merged by union-find, so memory grows with the number of detected
 * pixels, not with the image; the filtered image never exists in full.
 */
public final class Labeler {
    private int nRuns;
    private int[] runY = new int[1024];
    private int[] runX0 = new int[1024];
    private int[] runX1 = new int[1024];
    private int[] parent = new int[1024];
    private int[] runOff = new int[1024];
    private int width;
    private int nPix;
    private float[] dpool = new float[8192];
    private float[] tpool = new float[8192];

    /**
     * @param sub     background-subtracted image (masked pixels set to 0)
     * @param image   the raw image, to skip masked (NaN) pixels
     * @param minArea groups with fewer pixels are dropped
     */
    public Blobs label(float[] sub, float[] image, int w, int h, BackgroundMap bg, Kernel kernel,
                       double detectThresh, int minArea) {
        if (nRuns != 0) {
            throw new IllegalStateException("a Labeler labels one image");
        }
        width = w;
        Convolver conv = kernel == null ? null : new Convolver(sub, w, h, kernel);
        float[] crow = new float[w];
        float[] rrow = new float[w]; // rms, then the detection threshold, of the row
        double[] scratch = new double[3 * bg.meshCountX()];
        int prevStart = 0, prevEnd = 0;
        for (int y = 0; y < h; y++) {
            if (conv != null) {
                conv.row(y, crow);
            } else {
                System.arraycopy(sub, y * w, crow, 0, w);
            }
            bg.rmsRow(y, rrow, scratch);
            for (int x = 0; x < w; x++) {
                rrow[x] = (float) (detectThresh * rrow[x]);
            }
            int base = y * w;
            int curStart = nRuns;
            int k = prevStart;
            int x = 0;
            while (x < w) {
                // most pixels are sky: skip them in a tight loop
                while (x < w && !(crow[x] > rrow[x])) {
                    x++;
                }
                if (x == w) {
                    break;
                }
                if (image[base + x] != image[base + x]) {
                    x++;
                    continue;
                }
                int x0 = x;
                int r = addRun(y, x0);
                while (x < w) {
                    float t = rrow[x];
                    if (!(crow[x] > t) || image[base + x] != image[base + x]) {
                        break;
                    }
                    addPixel(crow[x], t);
                    x++;
                }
                runX1[r] = x - 1;
                // join the runs of the previous row that touch this one, diagonals included
                while (k < prevEnd && runX1[k] < x0 - 1) {
                    k++;
                }
                for (int q = k; q < prevEnd && runX0[q] <= x; q++) {
                    union(q, r);
                }
            }
            prevStart = curStart;
            prevEnd = nRuns;
        }
        return collect(minArea);
    }

    private int addRun(int y, int x0) {
        if (nRuns == runY.length) {
            int n = nRuns * 2;
            runY = Arrays.copyOf(runY, n);
            runX0 = Arrays.copyOf(runX0, n);
            runX1 = Arrays.copyOf(runX1, n);
            parent = Arrays.copyOf(parent, n);
            runOff = Arrays.copyOf(runOff, n);
        }
        runY[nRuns] = y;
        runX0[nRuns] = x0;
        parent[nRuns] = nRuns;
        runOff[nRuns] = nPix;
        return nRuns++;
    }

    private void addPixel(float d, float t) {
        if (nPix == dpool.length) {
            dpool = Arrays.copyOf(dpool, nPix * 2);
            tpool = Arrays.copyOf(tpool, nPix * 2);
        }
        dpool[nPix] = d;
        tpool[nPix++] = t;
    }

    private int find(int r) {
        int root = r;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[r] != root) {
            int next = parent[r];
            parent[r] = root;
            r = next;
        }
        return root;
    }

    /** The earlier run stays the root, so objects come out in raster order of their first pixel. */
    private void union(int a, int b) {
        int ra = find(a), rb = find(b);
        if (ra < rb) {
            parent[rb] = ra;
        } else if (rb < ra) {
            parent[ra] = rb;
        }
    }

    private Blobs collect(int minArea) {
        int[] area = new int[nRuns];
        for (int r = 0; r < nRuns; r++) {
            area[find(r)] += runX1[r] - runX0[r] + 1;
        }
        // object number per root run, in raster order of the roots
        int[] objectOf = new int[nRuns];
        int count = 0;
        long total = 0;
        for (int r = 0; r < nRuns; r++) {
            if (parent[r] == r && area[r] >= minArea) {
                objectOf[r] = count++;
                total += area[r];
            } else {
                objectOf[r] = -1;
            }
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(total + " detected pixels: threshold far too low");
        }
        int[] start = new int[count + 1];
        for (int r = 0; r < nRuns; r++) {
            if (parent[r] == r && objectOf[r] >= 0) {
                start[objectOf[r] + 1] = area[r];
            }
        }
        for (int k = 0; k < count; k++) {
            start[k + 1] += start[k];
        }
        int[] fill = Arrays.copyOf(start, count);
        int[] pix = new int[(int) total];
        float[] dval = new float[(int) total];
        float[] thresh = new float[(int) total];
        // runs are in raster order, so every object's pixels come out sorted by index
        for (int r = 0; r < nRuns; r++) {
            int obj = objectOf[find(r)];
            if (obj < 0) {
                continue;
            }
            int p = fill[obj];
            for (int x = runX0[r], o = runOff[r]; x <= runX1[r]; x++, o++, p++) {
                pix[p] = runY[r] * width + x;
                dval[p] = dpool[o];
                thresh[p] = tpool[o];
            }
            fill[obj] = p;
        }
        return new Blobs(count, start, pix, dval, thresh);
    }
}
