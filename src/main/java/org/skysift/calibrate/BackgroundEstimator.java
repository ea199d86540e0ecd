package org.skysift.calibrate;

import java.util.Arrays;

/**
 * SExtractor-style background: per mesh cell, iterative 3-sigma clipping then the mode estimate
 * 2.5 median - 1.5 mean (the median when the clipped distribution is too skewed); a median filter
 * over the mesh; bilinear interpolation between mesh centres to full resolution. NaN pixels are
 * excluded.
 */
public final class BackgroundEstimator {
    private static final int CLIP_ITERATIONS = 10;

    private final int meshSize;
    private final int filterSize;

    public BackgroundEstimator(int meshSize, int filterSize) {
        this.meshSize = meshSize;
        this.filterSize = filterSize;
    }

    public BackgroundMap estimate(float[] img, int w, int h) {
        int nx = Math.max(1, (int) Math.round((double) w / meshSize));
        int ny = Math.max(1, (int) Math.round((double) h / meshSize));
        float[] meshLevel = new float[nx * ny];
        float[] meshRms = new float[nx * ny];
        float[] buf = new float[(w / nx + 2) * (h / ny + 2)];
        for (int j = 0; j < ny; j++) {
            int ya = j * h / ny, yb = (j + 1) * h / ny;
            for (int i = 0; i < nx; i++) {
                int xa = i * w / nx, xb = (i + 1) * w / nx;
                int n = 0;
                for (int y = ya; y < yb; y++) {
                    int row = y * w;
                    for (int x = xa; x < xb; x++) {
                        float v = img[row + x];
                        if (!Float.isNaN(v)) {
                            buf[n++] = v;
                        }
                    }
                }
                double[] stats = clippedModeAndRms(buf, n);
                meshLevel[j * nx + i] = (float) stats[0];
                meshRms[j * nx + i] = (float) stats[1];
            }
        }
        fillHoles(meshLevel);
        fillHoles(meshRms);
        float[] level = medianFilter(meshLevel, nx, ny, filterSize);
        float[] rms = medianFilter(meshRms, nx, ny, filterSize);
        float[] fullLevel = new float[w * h];
        float[] fullRms = new float[w * h];
        interpolate(level, nx, ny, w, h, fullLevel);
        interpolate(rms, nx, ny, w, h, fullRms);
        return new BackgroundMap(w, h, fullLevel, fullRms, median(level), median(rms));
    }

    /** {mode, rms} of the first n values (reordered in place); NaN when n == 0. */
    static double[] clippedModeAndRms(float[] v, int n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Arrays.sort(v, 0, n);
        int lo = 0, hi = n;
        double mean = 0, sigma = 0, med = 0;
        for (int it = 0; it < CLIP_ITERATIONS; it++) {
            double s = 0, s2 = 0;
            for (int k = lo; k < hi; k++) {
                s += v[k];
                s2 += (double) v[k] * v[k];
            }
            int m = hi - lo;
            mean = s / m;
            sigma = Math.sqrt(Math.max(0, s2 / m - mean * mean));
            med = (m % 2 == 1) ? v[lo + m / 2] : 0.5 * (v[lo + m / 2 - 1] + v[lo + m / 2]);
            int nlo = lowerBound(v, 0, n, (float) (med - 3 * sigma));
            int nhi = upperBound(v, 0, n, (float) (med + 3 * sigma));
            if (nlo == lo && nhi == hi || nhi - nlo < 3) {
                break;
            }
            lo = nlo;
            hi = nhi;
        }
        double mode = sigma > 0 && Math.abs(mean - med) / sigma < 0.3 ? 2.5 * med - 1.5 * mean : med;
        return new double[] {mode, sigma};
    }

    private static int lowerBound(float[] v, int from, int to, float key) {
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(float[] v, int from, int to, float key) {
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Cells with no valid pixel take the median of the valid cells. */
    private static void fillHoles(float[] mesh) {
        float med = median(mesh);
        for (int i = 0; i < mesh.length; i++) {
            if (Float.isNaN(mesh[i])) {
                mesh[i] = med;
            }
        }
    }

    static float median(float[] a) {
        float[] c = new float[a.length];
        int n = 0;
        for (float v : a) {
            if (!Float.isNaN(v)) {
                c[n++] = v;
            }
        }
        if (n == 0) {
            return Float.NaN;
        }
        Arrays.sort(c, 0, n);
        return n % 2 == 1 ? c[n / 2] : 0.5f * (c[n / 2 - 1] + c[n / 2]);
    }

    /**
     * Median filter over the mesh. Beyond the edges the mesh is continued by point reflection
     * (v[-k] = 2 v[0] - v[k]), so a plane survives the filter unchanged even in the corner cells.
     */
    private static float[] medianFilter(float[] mesh, int nx, int ny, int size) {
        if (size <= 1) {
            return mesh.clone();
        }
        int r = size / 2;
        float[] out = new float[mesh.length];
        float[] win = new float[size * size];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int n = 0;
                for (int dj = -r; dj <= r; dj++) {
                    for (int di = -r; di <= r; di++) {
                        win[n++] = extended(mesh, nx, ny, i + di, j + dj);
                    }
                }
                Arrays.sort(win, 0, n);
                out[j * nx + i] = win[n / 2];
            }
        }
        return out;
    }

    private static float extended(float[] mesh, int nx, int ny, int i, int j) {
        float base = mesh[clamp(j, ny) * nx + clamp(i, nx)];
        float vi = reflectAxis(mesh, nx, ny, i, clamp(j, ny), true);
        float vj = reflectAxis(mesh, nx, ny, clamp(i, nx), j, false);
        // sum the offsets the two reflections add to the clamped corner value
        return vi + vj - base;
    }

    private static float reflectAxis(float[] mesh, int nx, int ny, int i, int j, boolean alongX) {
        int n = alongX ? nx : ny;
        int k = alongX ? i : j;
        int edge = k < 0 ? 0 : k >= n ? n - 1 : k;
        if (edge == k || n == 1) {
            return mesh[(alongX ? j * nx + edge : edge * nx + i)];
        }
        int mirror = Math.max(0, Math.min(n - 1, 2 * edge - k));
        float e = mesh[alongX ? j * nx + edge : edge * nx + i];
        float m = mesh[alongX ? j * nx + mirror : mirror * nx + i];
        return 2 * e - m;
    }

    private static int clamp(int k, int n) {
        return k < 0 ? 0 : Math.min(k, n - 1);
    }

    /** Bilinear between mesh-cell centres, held constant beyond the outermost centres. */
    private static void interpolate(float[] mesh, int nx, int ny, int w, int h, float[] out) {
        double cw = (double) w / nx, ch = (double) h / ny;
        for (int y = 0; y < h; y++) {
            double gy = Math.min(ny - 1, Math.max(0, (y + 0.5) / ch - 0.5));
            int j0 = Math.min(ny - 2, (int) gy);
            if (ny == 1) {
                j0 = 0;
            }
            double fy = ny == 1 ? 0 : gy - j0;
            int j1 = ny == 1 ? 0 : j0 + 1;
            for (int x = 0; x < w; x++) {
                double gx = Math.min(nx - 1, Math.max(0, (x + 0.5) / cw - 0.5));
                int i0 = nx == 1 ? 0 : Math.min(nx - 2, (int) gx);
                double fx = nx == 1 ? 0 : gx - i0;
                int i1 = nx == 1 ? 0 : i0 + 1;
                double top = mesh[j0 * nx + i0] * (1 - fx) + mesh[j0 * nx + i1] * fx;
                double bot = mesh[j1 * nx + i0] * (1 - fx) + mesh[j1 * nx + i1] * fx;
                out[y * w + x] = (float) (top * (1 - fy) + bot * fy);
            }
        }
    }
}
