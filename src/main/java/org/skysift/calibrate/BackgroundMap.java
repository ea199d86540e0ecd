package org.skysift.calibrate;

import java.io.Serializable;

/**
 * Sky level and rms as SExtractor represents them: a coarse mesh of (filtered) cell values whose
 * nodes sit at the cell centres, interpolated to any pixel by a natural bicubic spline (a cubic
 * spline along y through each mesh column, then along x through the resulting row of nodes).
 * Pixels are produced a row at a time, so a full-resolution map exists only when asked for.
 * Coordinates are 0-based pixel indices, row-major like the image.
 */
public final class BackgroundMap implements Serializable {
    private final int width;
    private final int height;
    private final int meshW;
    private final int meshH;
    private final int nx;
    private final int ny;
    private final float[] level;
    private final float[] rms;
    private final float[] levelD2y;
    private final float[] rmsD2y;
    private final double globalLevel;
    private final double globalRms;

    /**
     * @param level cell values, row-major nx * ny, NaN nowhere (holes already filled)
     * @param rms   cell rms values, same layout
     */
    public BackgroundMap(int width, int height, int meshW, int meshH, int nx, int ny, float[] level, float[] rms,
                         double globalLevel, double globalRms) {
        if (level.length != nx * ny || rms.length != nx * ny) {
            throw new IllegalArgumentException("mesh arrays hold " + level.length + " and " + rms.length
                    + " cells, expected " + nx + "x" + ny);
        }
        this.width = width;
        this.height = height;
        this.meshW = meshW;
        this.meshH = meshH;
        this.nx = nx;
        this.ny = ny;
        this.level = level;
        this.rms = rms;
        this.levelD2y = columnSecondDerivatives(level, nx, ny);
        this.rmsD2y = columnSecondDerivatives(rms, nx, ny);
        this.globalLevel = globalLevel;
        this.globalRms = globalRms;
    }

    /** A flat background, e.g. for tests or for images already sky-subtracted. */
    public static BackgroundMap constant(int width, int height, double level, double rms) {
        return new BackgroundMap(width, height, width, height, 1, 1, new float[] {(float) level},
                new float[] {(float) rms}, level, rms);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int meshWidth() {
        return meshW;
    }

    public int meshHeight() {
        return meshH;
    }

    public int meshCountX() {
        return nx;
    }

    public int meshCountY() {
        return ny;
    }

    /** Median of the filtered mesh levels (SExtractor's global background). */
    public double globalLevel() {
        return globalLevel;
    }

    /** Median of the filtered mesh rms values (SExtractor's global rms). */
    public double globalRms() {
        return globalRms;
    }

    /** Filtered mesh level of cell (i, j). */
    public float meshLevel(int i, int j) {
        return level[j * nx + i];
    }

    public float meshRms(int i, int j) {
        return rms[j * nx + i];
    }

    /**
     * A new image holding image minus the sky level, blank (NaN) pixels set to 0 (they carry no
     * signal and the PSF code wants a NaN-free image). Built row by row: no level map is kept.
     */
    public float[] subtract(float[] image) {
        float[] out = new float[width * height];
        float[] row = new float[width];
        double[] scratch = new double[3 * nx];
        for (int y = 0; y < height; y++) {
            levelRow(y, row, scratch);
            int off = y * width;
            for (int x = 0; x < width; x++) {
                float v = image[off + x];
                out[off + x] = v != v ? 0f : v - row[x];
            }
        }
        return out;
    }

    /** Fills out[0..width) with the sky level of row y; scratch needs 3 * nx doubles (or null). */
    public void levelRow(int y, float[] out, double[] scratch) {
        row(level, levelD2y, y, out, scratch);
    }

    public void rmsRow(int y, float[] out, double[] scratch) {
        row(rms, rmsD2y, y, out, scratch);
    }

    public double levelAt(double x, double y) {
        return at(level, levelD2y, x, y);
    }

    public double rmsAt(double x, double y) {
        return at(rms, rmsD2y, x, y);
    }

    /**
     * The rms of single pixels without a full-resolution map: keeps each row's spline nodes (2 nx
     * doubles a row, about 0.25 bytes a pixel for 64-pixel meshes) and evaluates a pixel with the same
     * arithmetic as {@link #rmsRow}, so the values are bit-identical to {@link #rmsMap}.
     */
    public PixelRms pixelRms() {
        return new PixelRms();
    }

    /** See {@link #pixelRms()}. */
    public final class PixelRms {
        private final double[] nodes; // row y: nodes in [2 nx y, 2 nx y + nx), x second derivatives / 6 after
        private final int[] segment;  // spline segment of each pixel column
        private final ColumnWeights cw;

        private PixelRms() {
            nodes = new double[height * 2 * nx];
            double[] s = new double[3 * nx];
            for (int y = 0; y < height; y++) {
                double t = (y + 0.5) / meshH - 0.5;
                for (int i = 0; i < nx; i++) {
                    s[i] = columnValue(rms, rmsD2y, i, t);
                }
                if (nx > 1) {
                    naturalSpline(s, 0, nx, s, nx, s, 2 * nx);
                    for (int i = nx; i < 2 * nx; i++) {
                        s[i] *= 1.0 / 6.0;
                    }
                }
                System.arraycopy(s, 0, nodes, y * 2 * nx, 2 * nx);
            }
            cw = nx > 1 ? columnWeights() : null;
            segment = new int[width];
            if (cw != null) {
                for (int j = 0; j < nx - 1; j++) {
                    for (int x = cw.first[j], end = cw.first[j + 1]; x < end; x++) {
                        segment[x] = j;
                    }
                }
            }
        }

        /** The rms at pixel (x, y), 0-based, exactly as {@link #rmsRow} gives it. */
        public float at(int x, int y) {
            int o = y * 2 * nx;
            if (cw == null) {
                return (float) nodes[o];
            }
            int j = segment[x];
            return (float) (cw.a[x] * nodes[o + j] + cw.b[x] * nodes[o + j + 1] + cw.c[x] * nodes[o + nx + j]
                    + cw.d[x] * nodes[o + nx + j + 1]);
        }
    }

    /** The full-resolution level map (allocates width * height floats: for check images and tests). */
    public float[] levelMap() {
        return map(level, levelD2y);
    }

    public float[] rmsMap() {
        return map(rms, rmsD2y);
    }

    private float[] map(float[] mesh, float[] d2y) {
        float[] out = new float[width * height];
        float[] row = new float[width];
        double[] scratch = new double[3 * nx];
        for (int y = 0; y < height; y++) {
            row(mesh, d2y, y, row, scratch);
            System.arraycopy(row, 0, out, y * width, width);
        }
        return out;
    }

    private double at(float[] mesh, float[] d2y, double x, double y) {
        double[] nodes = new double[nx];
        double[] d2x = new double[nx];
        nodesAtRow(mesh, d2y, y, nodes);
        naturalSpline(nodes, 0, nx, d2x, 0, new double[nx], 0);
        return spline(nodes, d2x, nx, (x + 0.5) / meshW - 0.5);
    }

    private void row(float[] mesh, float[] d2y, int y, float[] out, double[] scratch) {
        double[] s = scratch != null && scratch.length >= 3 * nx ? scratch : new double[3 * nx];
        // s holds the row's nodes in [0, nx), their x second derivatives in [nx, 2nx), work space after
        double t = (y + 0.5) / meshH - 0.5;
        for (int i = 0; i < nx; i++) {
            s[i] = columnValue(mesh, d2y, i, t);
        }
        if (nx == 1) {
            java.util.Arrays.fill(out, 0, width, (float) s[0]);
            return;
        }
        naturalSpline(s, 0, nx, s, nx, s, 2 * nx);
        for (int i = nx; i < 2 * nx; i++) {
            s[i] *= 1.0 / 6.0;
        }
        ColumnWeights cw = columnWeights();
        int[] first = cw.first;
        double[] wa = cw.a, wb = cw.b, wc = cw.c, wd = cw.d;
        // segment by segment, so the inner loop has constant nodes and vectorises
        for (int j = 0; j < nx - 1; j++) {
            double v0 = s[j], v1 = s[j + 1], e0 = s[nx + j], e1 = s[nx + j + 1];
            for (int x = first[j], end = first[j + 1]; x < end; x++) {
                out[x] = (float) (wa[x] * v0 + wb[x] * v1 + wc[x] * e0 + wd[x] * e1);
            }
        }
    }

    /**
     * The spline's weights depend on x only, so they are computed once per map rather than once per
     * pixel and row: row evaluation is then four multiply-adds per pixel.
     */
    private static final class ColumnWeights {
        final int[] first; // pixels [first[j], first[j + 1]) lie in spline segment j
        final double[] a;
        final double[] b;
        final double[] c;
        final double[] d;

        ColumnWeights(int width, int meshW, int nx) {
            first = new int[nx];
            a = new double[width];
            b = new double[width];
            c = new double[width];
            d = new double[width];
            for (int x = 0; x < width; x++) {
                double u = (x + 0.5) / meshW - 0.5;
                int j = (int) Math.floor(u);
                j = j < 0 ? 0 : Math.min(j, nx - 2);
                double wb = u - j, wa = 1 - wb;
                first[j + 1] = x + 1;
                a[x] = wa;
                b[x] = wb;
                c[x] = wa * wa * wa - wa;
                d[x] = wb * wb * wb - wb;
            }
            for (int j = 1; j < nx; j++) {
                first[j] = Math.max(first[j], first[j - 1]); // an empty segment ends where the previous one does
            }
        }
    }

    private transient ColumnWeights columnWeights;

    private ColumnWeights columnWeights() {
        ColumnWeights cw = columnWeights;
        if (cw == null) {
            // a benign race: every thread computes the same immutable weights (final fields publish safely)
            columnWeights = cw = new ColumnWeights(width, meshW, nx);
        }
        return cw;
    }

    private void nodesAtRow(float[] mesh, float[] d2y, double y, double[] nodes) {
        double t = (y + 0.5) / meshH - 0.5;
        for (int i = 0; i < nx; i++) {
            nodes[i] = columnValue(mesh, d2y, i, t);
        }
    }

    private double columnValue(float[] mesh, float[] d2y, int i, double t) {
        if (ny == 1) {
            return mesh[i];
        }
        int j = (int) Math.floor(t);
        j = j < 0 ? 0 : Math.min(j, ny - 2);
        double b = t - j, a = 1 - b;
        return a * mesh[j * nx + i] + b * mesh[(j + 1) * nx + i]
                + ((a * a * a - a) * d2y[j * nx + i] + (b * b * b - b) * d2y[(j + 1) * nx + i]) / 6.0;
    }

    /**
     * Second derivatives of the natural cubic spline through v[vo..vo+n) at unit spacing, into
     * d2[do..do+n), solving the tridiagonal system with the Thomas algorithm (w is work space).
     */
    static void naturalSpline(double[] v, int vo, int n, double[] d2, int d2o, double[] w, int wo) {
        d2[d2o] = 0;
        d2[d2o + n - 1] = 0;
        if (n < 3) {
            return;
        }
        // rows i = 1..n-2: d2[i-1] + 4 d2[i] + d2[i+1] = 6 (v[i+1] - 2 v[i] + v[i-1]);
        // the forward sweep keeps the reduced right-hand side in w and the reduced
        // super-diagonal in d2 until the back substitution overwrites it
        double c = 0, r = 0;
        for (int i = 1; i < n - 1; i++) {
            double rhs = 6 * (v[vo + i + 1] - 2 * v[vo + i] + v[vo + i - 1]);
            double m = 4 - c;
            c = 1 / m;
            r = (rhs - r) / m;
            w[wo + i] = r;
            d2[d2o + i] = c;
        }
        double next = 0;
        for (int i = n - 2; i >= 1; i--) {
            next = w[wo + i] - d2[d2o + i] * next;
            d2[d2o + i] = next;
        }
    }

    private static double spline(double[] v, double[] d2, int n, double t) {
        if (n == 1) {
            return v[0];
        }
        int j = (int) Math.floor(t);
        j = j < 0 ? 0 : Math.min(j, n - 2);
        double b = t - j, a = 1 - b;
        return a * v[j] + b * v[j + 1] + ((a * a * a - a) * d2[j] + (b * b * b - b) * d2[j + 1]) / 6.0;
    }

    private static float[] columnSecondDerivatives(float[] mesh, int nx, int ny) {
        float[] out = new float[nx * ny];
        double[] v = new double[ny];
        double[] d2 = new double[ny];
        double[] work = new double[ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                v[j] = mesh[j * nx + i];
            }
            naturalSpline(v, 0, ny, d2, 0, work, 0);
            for (int j = 0; j < ny; j++) {
                out[j * nx + i] = (float) d2[j];
            }
        }
        return out;
    }
}
