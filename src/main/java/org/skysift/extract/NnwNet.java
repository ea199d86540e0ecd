package org.skysift.extract;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A feed-forward network in SExtractor's ".nnw" text format (the star/galaxy classifier's weights,
 * STARNNW_NAME). The format, as SExtractor's reader takes it: a first line starting with {@code NNW};
 * then, skipping blank lines and lines starting with '#', the layer count and the neurons per layer;
 * one line of input offsets and one of input scales (a neuron's input is {@code x * scale + offset});
 * for every layer after the first, one line per neuron holding its weights from each neuron of the
 * previous layer followed by its bias; finally one line of output offsets and one of output scales
 * (an output is {@code (activation - offset) / scale}). Every neuron past the input layer is a
 * logistic sigmoid.
 */
public final class NnwNet implements Serializable {
    private final int[] sizes;
    private final double[] inOffset;
    private final double[] inScale;
    /** weights[l][j][i]: from neuron i of layer l to neuron j of layer l + 1 */
    private final double[][][] weights;
    private final double[][] bias;
    private final double[] outOffset;
    private final double[] outScale;

    private NnwNet(int[] sizes, double[] inOffset, double[] inScale, double[][][] weights, double[][] bias,
                   double[] outOffset, double[] outScale) {
        this.sizes = sizes;
        this.inOffset = inOffset;
        this.inScale = inScale;
        this.weights = weights;
        this.bias = bias;
        this.outOffset = outOffset;
        this.outScale = outScale;
    }

    public static NnwNet read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.ISO_8859_1), file.toString());
    }

    /** @param name the file's name, for error messages */
    public static NnwNet parse(String text, String name) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].startsWith("NNW")) {
            throw new IllegalArgumentException(name + ": not a NNW table (the first line must start with NNW)");
        }
        // the reader is line-oriented but every value is in a fixed order: read them as one stream
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            for (String s : t.split("\\s+")) {
                tokens.add(s);
            }
        }
        Tokens in = new Tokens(tokens, name);
        int layers = in.nextInt("the layer count");
        if (layers < 2) {
            throw new IllegalArgumentException(name + ": " + layers + " layers, need at least 2 (input and output)");
        }
        int[] sizes = new int[layers];
        for (int l = 0; l < layers; l++) {
            sizes[l] = in.nextInt("the size of layer " + (l + 1));
            if (sizes[l] < 1) {
                throw new IllegalArgumentException(name + ": layer " + (l + 1) + " has " + sizes[l] + " neurons");
            }
        }
        double[] inOffset = in.next(sizes[0], "input offsets");
        double[] inScale = in.next(sizes[0], "input scales");
        double[][][] w = new double[layers - 1][][];
        double[][] b = new double[layers - 1][];
        for (int l = 0; l < layers - 1; l++) {
            w[l] = new double[sizes[l + 1]][];
            b[l] = new double[sizes[l + 1]];
            for (int j = 0; j < sizes[l + 1]; j++) {
                w[l][j] = in.next(sizes[l], "weights of neuron " + (j + 1) + " of layer " + (l + 2));
                b[l][j] = in.next(1, "bias of neuron " + (j + 1) + " of layer " + (l + 2))[0];
            }
        }
        int nOut = sizes[layers - 1];
        double[] outOffset = in.next(nOut, "output offsets");
        double[] outScale = in.next(nOut, "output scales");
        for (double s : outScale) {
            if (s == 0) {
                throw new IllegalArgumentException(name + ": an output scale is 0");
            }
        }
        in.requireEnd();
        return new NnwNet(sizes, inOffset, inScale, w, b, outOffset, outScale);
    }

    public int inputs() {
        return sizes[0];
    }

    public int outputs() {
        return sizes[sizes.length - 1];
    }

    /** The network's outputs for one input vector of {@link #inputs()} values. */
    public double[] respond(double[] x) {
        if (x.length != sizes[0]) {
            throw new IllegalArgumentException("the network takes " + sizes[0] + " inputs, got " + x.length);
        }
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i] * inScale[i] + inOffset[i];
        }
        for (int l = 0; l < weights.length; l++) {
            double[] next = new double[sizes[l + 1]];
            for (int j = 0; j < next.length; j++) {
                double s = bias[l][j];
                double[] wj = weights[l][j];
                for (int i = 0; i < a.length; i++) {
                    s += wj[i] * a[i];
                }
                next[j] = 1.0 / (1.0 + Math.exp(-s));
            }
            a = next;
        }
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = (a[j] - outOffset[j]) / outScale[j];
        }
        return out;
    }

    private static final class Tokens {
        private final List<String> tokens;
        private final String name;
        private int pos;

        Tokens(List<String> tokens, String name) {
            this.tokens = tokens;
            this.name = name;
        }

        int nextInt(String what) {
            String t = take(what);
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": " + what + " is '" + t + "', not an integer");
            }
        }

        double[] next(int n, String what) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                String t = take(what);
                try {
                    v[i] = Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": " + what + ": '" + t + "' is not a number");
                }
            }
            return v;
        }

        private String take(String what) {
            if (pos >= tokens.size()) {
                throw new IllegalArgumentException(name + ": ends before the " + what);
            }
            return tokens.get(pos++);
        }

        void requireEnd() {
            if (pos != tokens.size()) {
                throw new IllegalArgumentException(name + ": " + (tokens.size() - pos)
                        + " values after the output scales");
            }
        }
    }
}
