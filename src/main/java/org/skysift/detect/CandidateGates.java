package org.skysift.detect;

import org.skysift.config.SkySiftConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Applies the gates in {@link Gate} order. Every source gets its first failed gate (null = candidate)
 * and the set of all gates it fails, so rejected rows stay auditable; the funnel counts the sources
 * still standing after each gate.
 */
public final class CandidateGates {
    private final SkySiftConfig.Candidates s;

    public CandidateGates(SkySiftConfig.Candidates settings) {
        this.s = settings;
    }

    /** The verdict on one source. */
    public record Verdict(Gate firstFailed, EnumSet<Gate> failed) {
        public boolean candidate() {
            return firstFailed == null;
        }
    }

    /** Verdicts per source (same order) and the funnel: sources left after each gate, in Gate order. */
    public record Result(List<Verdict> verdicts, long[] funnel) {}

    public Result evaluate(List<GateInput> in, List<BrightStar> bright, int width, int height) {
        double[] shape = referenceShape(in);
        List<Verdict> out = new ArrayList<>(in.size());
        long[] funnel = new long[Gate.values().length];
        for (GateInput g : in) {
            EnumSet<Gate> failed = EnumSet.noneOf(Gate.class);
            if (g.matched()) {
                failed.add(Gate.UNMATCHED);
            }
            if (g.flags() != 0) {
                failed.add(Gate.FLAGS);
            }
            if (!(g.snr() > s.minSnr())) {
                failed.add(Gate.SNR);
            }
            if (!(g.fwhmPx() > s.fwhmMinPx() && g.fwhmPx() < s.fwhmMaxPx())) {
                failed.add(Gate.FWHM);
            }
            if (!(g.elongation() < s.maxElongation())) {
                failed.add(Gate.ELONGATION);
            }
            if (!Double.isNaN(g.spreadModel()) && !(g.spreadModel() > s.minSpreadModel())) {
                failed.add(Gate.SPREAD_MODEL);
            }
            if (!(g.xExtentPx() > s.minExtentPx() && g.yExtentPx() > s.minExtentPx()
                    && Math.abs(g.xExtentPx() - g.yExtentPx()) < s.maxExtentDiffPx())) {
                failed.add(Gate.EXTENT);
            }
            if (shape != null && (Math.abs(g.fwhmPx() - shape[0]) > s.shapeSigma() * shape[1]
                    || Math.abs(g.elongation() - shape[2]) > s.shapeSigma() * shape[3])) {
                failed.add(Gate.SHAPE_OUTLIER);
            }
            for (BrightStar b : bright) {
                double dx = g.x() - b.x(), dy = g.y() - b.y();
                if (dx * dx + dy * dy <= b.maskRadiusPx() * b.maskRadiusPx()) {
                    failed.add(Gate.BRIGHT_STAR);
                }
                boolean alongX = Math.abs(dy) <= s.spikeHalfWidthPx() && Math.abs(dx) <= b.spikeLengthPx();
                boolean alongY = Math.abs(dx) <= s.spikeHalfWidthPx() && Math.abs(dy) <= b.spikeLengthPx();
                if (alongX || alongY) {
                    failed.add(Gate.SPIKE);
                }
            }
            if (!insideMargin(g.x(), g.y(), width, height)) {
                failed.add(Gate.EDGE);
            }
            Gate first = failed.isEmpty() ? null : failed.iterator().next();
            for (Gate gate : Gate.values()) {
                if (first != null && gate.ordinal() >= first.ordinal()) {
                    break;
                }
                funnel[gate.ordinal()]++;
            }
            out.add(new Verdict(first, failed));
        }
        return new Result(out, funnel);
    }

    /** Whether a FITS pixel position is at least the edge margin from every border. */
    public boolean insideMargin(double x, double y, int width, int height) {
        double m = s.edgeMarginPx();
        return x - 0.5 >= m && y - 0.5 >= m && width + 0.5 - x >= m && height + 0.5 - y >= m;
    }

    /**
     * Median and robust sigma (1.4826 MAD) of FWHM and elongation over the tile's clean, significant
     * sources; null when fewer than 10 such sources make the statistics meaningless.
     */
    private double[] referenceShape(List<GateInput> in) {
        double[] f = new double[in.size()], e = new double[in.size()];
        int n = 0;
        for (GateInput g : in) {
            if (g.flags() == 0 && g.snr() > s.minSnr() && Double.isFinite(g.fwhmPx()) && Double.isFinite(g.elongation())) {
                f[n] = g.fwhmPx();
                e[n] = g.elongation();
                n++;
            }
        }
        if (n < 10) {
            return null;
        }
        double[] fs = robust(Arrays.copyOf(f, n));
        double[] es = robust(Arrays.copyOf(e, n));
        return new double[] {fs[0], fs[1], es[0], es[1]};
    }

    static double[] robust(double[] v) {
        Arrays.sort(v);
        double med = median(v);
        double[] dev = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            dev[i] = Math.abs(v[i] - med);
        }
        Arrays.sort(dev);
        // a floor keeps a perfectly uniform tile (MAD = 0) from rejecting everything
        return new double[] {med, Math.max(1.4826 * median(dev), 1e-3 + 0.02 * Math.abs(med))};
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
