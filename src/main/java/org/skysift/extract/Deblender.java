package org.skysift.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SExtractor's multi-threshold deblending. The object is re-thresholded at nthresh levels spaced
 * exponentially between its detection threshold and its peak (in the filtered image); the 8-connected
 * pieces with at least minArea pixels form a tree. Walking up from the root, a node splits when at
 * least two of its branches each hold more than mincont of the object's total filtered flux (flux
 * counted above the branch's own level). Pixels outside the surviving branches go to the branch
 * whose Gaussian model (from the branch's moments and flux) is most likely there.
 * One instance reuses its buffers across objects; not thread-safe.
 */
public final class Deblender {
    private final int nthresh;
    private final double mincont;
    private final int minArea;
    private int[] cell = new int[0];
    private int[] elig = new int[0];
    private int[] seen = new int[0];
    private int[] stack = new int[0];
    private int token;

    public Deblender(int nthresh, double mincont, int minArea) {
        this.nthresh = nthresh;
        this.mincont = mincont;
        this.minArea = minArea;
    }

    private static final class Node {
        final int[] members;
        final double fluxAbove;
        final List<Node> children = new ArrayList<>(2);

        Node(int[] members, double fluxAbove) {
            this.members = members;
            this.fluxAbove = fluxAbove;
        }
    }

    /**
     * Splits blob entries [from, to) of the given arrays. Returns the owning child (0..m-1) of each
     * entry, or null when the object stays whole.
     */
    public int[] split(int[] pix, float[] dval, float[] thresh, int from, int to, int w) {
        int n = to - from;
        if (nthresh < 2 || mincont >= 1 || n < 2 * minArea) {
            return null;
        }
        double t0 = Double.POSITIVE_INFINITY, peak = Double.NEGATIVE_INFINITY, total = 0;
        int x0 = Integer.MAX_VALUE, x1 = -1, y0 = pix[from] / w, y1 = pix[to - 1] / w;
        for (int j = from; j < to; j++) {
            t0 = Math.min(t0, thresh[j]);
            peak = Math.max(peak, dval[j]);
            total += dval[j];
            int x = pix[j] % w;
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
        }
        if (!(peak > t0 && t0 > 0)) {
            return null;
        }
        int gw = x1 - x0 + 1, gh = y1 - y0 + 1;
        ensure(n, gw * gh);
        for (int j = 0; j < n; j++) {
            int p = pix[from + j];
            cell[(p / w - y0) * gw + (p % w - x0)] = j;
        }
        try {
            if (!hasTwoPeaks(n, pix, dval, from, w, x0, y0, gw, gh)) {
                return null;
            }
            int[] all = new int[n];
            for (int j = 0; j < n; j++) {
                all[j] = j;
            }
            Node root = new Node(all, total);
            List<Node> frontier = List.of(root);
            for (int k = 1; k < nthresh && !frontier.isEmpty(); k++) {
                double tk = t0 * Math.pow(peak / t0, (double) k / nthresh);
                List<Node> next = new ArrayList<>();
                for (Node node : frontier) {
                    components(node, tk, dval, from, pix, w, x0, y0, gw, gh);
                    next.addAll(node.children);
                }
                frontier = next;
            }
            List<Node> seeds = collect(root, mincont * total);
            if (seeds.size() < 2) {
                return null;
            }
            return assign(seeds, n, pix, dval, from, w);
        } finally {
            for (int j = 0; j < n; j++) {
                int p = pix[from + j];
                cell[(p / w - y0) * gw + (p % w - x0)] = -1;
            }
        }
    }

    /**
     * Whether the footprint has at least two local maxima (pixels no lower than any 8-neighbour in
     * the footprint). Every piece above any level holds one such maximum (its highest pixel), so with
     * a single one the tree is a chain that never splits, and most objects skip the level scan.
     */
    private boolean hasTwoPeaks(int n, int[] pix, float[] dval, int from, int w, int x0, int y0, int gw, int gh) {
        int peaks = 0;
        for (int j = 0; j < n; j++) {
            int p = pix[from + j];
            int cx = p % w - x0, cy = p / w - y0;
            float v = dval[from + j];
            boolean max = true;
            for (int dy = -1; dy <= 1 && max; dy++) {
                int yy = cy + dy;
                if (yy < 0 || yy >= gh) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = cx + dx;
                    if (xx < 0 || xx >= gw) {
                        continue;
                    }
                    int r = cell[yy * gw + xx];
                    if (r >= 0 && dval[from + r] > v) {
                        max = false;
                        break;
                    }
                }
            }
            if (max && ++peaks >= 2) {
                return true;
            }
        }
        return false;
    }

    private void ensure(int n, int cells) {
        if (cell.length < cells) {
            cell = new int[Math.max(cells, cell.length * 2)];
            Arrays.fill(cell, -1);
        }
        if (elig.length < n) {
            int m = Math.max(n, elig.length * 2);
            elig = new int[m];
            seen = new int[m];
            stack = new int[m];
            token = 0;
        }
    }

    /** The node's 8-connected pieces above level tk with at least minArea pixels become its children. */
    private void components(Node node, double tk, float[] dval, int from, int[] pix, int w,
                            int x0, int y0, int gw, int gh) {
        int t = ++token;
        for (int j : node.members) {
            if (dval[from + j] > tk) {
                elig[j] = t;
            }
        }
        int[] buf = new int[node.members.length];
        for (int j : node.members) {
            if (elig[j] != t || seen[j] == t) {
                continue;
            }
            int count = 0, top = 0;
            double flux = 0;
            stack[top++] = j;
            seen[j] = t;
            while (top > 0) {
                int q = stack[--top];
                buf[count++] = q;
                flux += dval[from + q] - tk;
                int p = pix[from + q];
                int cx = p % w - x0, cy = p / w - y0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = cy + dy;
                    if (yy < 0 || yy >= gh) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = cx + dx;
                        if (xx < 0 || xx >= gw) {
                            continue;
                        }
                        int r = cell[yy * gw + xx];
                        if (r >= 0 && elig[r] == t && seen[r] != t) {
                            seen[r] = t;
                            stack[top++] = r;
                        }
                    }
                }
            }
            if (count >= minArea) {
                int[] members = Arrays.copyOf(buf, count);
                Arrays.sort(members);
                node.children.add(new Node(members, flux));
            }
        }
    }

    /**
     * The objects a node stands for: its significant branches' objects when two or more branches
     * are significant (or a single significant branch splits further up), else the node itself.
     */
    private static List<Node> collect(Node node, double minFlux) {
        List<Node> significant = new ArrayList<>(2);
        for (Node c : node.children) {
            if (c.fluxAbove > minFlux) {
                significant.add(c);
            }
        }
        if (significant.size() >= 2) {
            List<Node> out = new ArrayList<>();
            for (Node c : significant) {
                out.addAll(collect(c, minFlux));
            }
            return out;
        }
        if (significant.size() == 1) {
            List<Node> up = collect(significant.get(0), minFlux);
            if (up.size() >= 2) {
                return up;
            }
        }
        return List.of(node);
    }

    private static int[] assign(List<Node> seeds, int n, int[] pix, float[] dval, int from, int w) {
        int m = seeds.size();
        int[] owner = new int[n];
        Arrays.fill(owner, -1);
        double[] mx = new double[m], my = new double[m], cxx = new double[m], cyy = new double[m],
                cxy = new double[m], logAmp = new double[m];
        for (int s = 0; s < m; s++) {
            double sum = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int j : seeds.get(s).members) {
                owner[j] = s;
                int p = pix[from + j];
                double v = dval[from + j], x = p % w, y = p / w;
                sum += v;
                sx += v * x;
                sy += v * y;
                sxx += v * x * x;
                syy += v * y * y;
                sxy += v * x * y;
            }
            mx[s] = sx / sum;
            my[s] = sy / sum;
            double x2 = sxx / sum - mx[s] * mx[s] + 1.0 / 12, y2 = syy / sum - my[s] * my[s] + 1.0 / 12;
            double xy = sxy / sum - mx[s] * my[s];
            double det = Math.max(x2 * y2 - xy * xy, 1e-4);
            // inverse covariance: R^2 = cxx dx^2 + cyy dy^2 + cxy dx dy
            cxx[s] = y2 / det;
            cyy[s] = x2 / det;
            cxy[s] = -2 * xy / det;
            logAmp[s] = Math.log(sum / (2 * Math.PI * Math.sqrt(det)));
        }
        for (int j = 0; j < n; j++) {
            if (owner[j] >= 0) {
                continue;
            }
            int p = pix[from + j];
            double x = p % w, y = p / w;
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < m; s++) {
                double dx = x - mx[s], dy = y - my[s];
                double score = logAmp[s] - 0.5 * (cxx[s] * dx * dx + cyy[s] * dy * dy + cxy[s] * dx * dy);
                if (score > bestScore) {
                    bestScore = score;
                    best = s;
                }
            }
            owner[j] = best;
        }
        return owner;
    }
}
