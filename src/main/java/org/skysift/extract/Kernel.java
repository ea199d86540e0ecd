package org.skysift.extract;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A detection filter: a small odd-sized 2-D kernel, row-major. When it is the outer product of a
 * column and a row (Gaussians, SExtractor's default pyramid) the convolution runs separably.
 *
 * @param width   odd number of columns
 * @param height  odd number of rows
 * @param weights row-major weights
 */
public record Kernel(int width, int height, float[] weights) implements Serializable {

    public Kernel {
        if (width % 2 == 0 || height % 2 == 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("filter kernel " + width + "x" + height + ": sides must be odd");
        }
        if (weights.length != width * height) {
            throw new IllegalArgumentException("filter kernel " + width + "x" + height + " has " + weights.length
                    + " weights");
        }
    }

    /** Normalised circular Gaussian of the given FWHM in pixels, truncated at 2 sigma (5x5 for FWHM 2.5). */
    public static Kernel gaussian(double fwhm) {
        double sigma = fwhm / (2.0 * Math.sqrt(2.0 * Math.log(2.0)));
        int r = Math.max(1, (int) Math.round(2 * sigma));
        int n = 2 * r + 1;
        float[] k = new float[n * n];
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                k[(y + r) * n + x + r] = (float) Math.exp(-0.5 * (x * x + y * y) / (sigma * sigma));
            }
        }
        return new Kernel(n, n, k).normalised();
    }

    /**
     * Reads a SExtractor filter file: a first line {@code CONV NORM} or {@code CONV NONORM}, comment
     * lines starting with '#', then one line of numbers per kernel row.
     */
    public static Kernel read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).trim().startsWith("CONV")) {
            throw new IllegalArgumentException(file + ": a filter file starts with CONV NORM or CONV NONORM");
        }
        boolean norm = !lines.get(0).toUpperCase(java.util.Locale.ROOT).contains("NONORM");
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            double[] row = new double[parts.length];
            for (int j = 0; j < parts.length; j++) {
                try {
                    row[j] = Double.parseDouble(parts[j]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": '" + parts[j] + "' is not a number");
                }
            }
            if (!rows.isEmpty() && row.length != rows.get(0).length) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + row.length
                        + " values, earlier rows have " + rows.get(0).length);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no kernel rows");
        }
        int h = rows.size(), w = rows.get(0).length;
        float[] k = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                k[y * w + x] = (float) rows.get(y)[x];
            }
        }
        Kernel kernel = new Kernel(w, h, k);
        return norm ? kernel.normalised() : kernel;
    }

    public Kernel normalised() {
        double s = 0;
        for (float v : weights) {
            s += v;
        }
        if (s == 0) {
            throw new IllegalArgumentException("filter kernel sums to zero and cannot be normalised");
        }
        float[] k = new float[weights.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (weights[i] / s);
        }
        return new Kernel(width, height, k);
    }

    /**
     * {column, row} factors whose outer product is this kernel (to 1e-6 of its largest weight), or
     * null when the kernel is not separable.
     */
    public float[][] separable() {
        int best = 0;
        for (int i = 1; i < weights.length; i++) {
            if (Math.abs(weights[i]) > Math.abs(weights[best])) {
                best = i;
            }
        }
        float pivot = weights[best];
        if (pivot == 0) {
            return null;
        }
        int by = best / width, bx = best % width;
        float[] col = new float[height];
        float[] row = new float[width];
        for (int y = 0; y < height; y++) {
            col[y] = weights[y * width + bx];
        }
        for (int x = 0; x < width; x++) {
            row[x] = weights[by * width + x] / pivot;
        }
        double tol = 1e-6 * Math.abs(pivot);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (Math.abs(col[y] * row[x] - weights[y * width + x]) > tol) {
                    return null;
                }
            }
        }
        return new float[][] {col, row};
    }
}
