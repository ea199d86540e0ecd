package org.skysift.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SExtractor's CLEAN: a detection is spurious when the wing of a brighter neighbour, modelled as a
 * Moffat profile of index cleanParam with the neighbour's flux, ellipse and detection threshold,
 * still exceeds the level (above the detection threshold) at which the detection has minArea pixels
 * at its position. Spurious
 * detections are merged into the neighbour (isophotal flux, area, box and flags add up; the
 * neighbour's moments are kept). Only pairs closer than 10 x (A1 + A2) are compared.
 */
final class Cleaner {
    private static final double ZONE = 10.0;
    private static final int CELL = 32;

    private Cleaner() {}

    static void clean(List<Detection> dets, double beta, int w, int h) {
        int n = dets.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(dets.get(q).fdflux, dets.get(p).fdflux));
        int gx = (w + CELL - 1) / CELL, gy = (h + CELL - 1) / CELL;
        @SuppressWarnings("unchecked")
        List<Integer>[] grid = new List[gx * gy];
        int[] stamp = new int[n];
        Arrays.fill(stamp, -1);
        double[] amp = new double[n], alpha = new double[n];
        for (int oi = 0; oi < n; oi++) {
            int i = order[oi];
            Detection f = dets.get(i);
            // the brighter survivor whose wing explains this detection best, if any
            // SExtractor compares the wing with the level, ABOVE the detection threshold, at which
            // this detection still has minArea pixels; Detection.mthresh is the raw filtered value
            // there, so the threshold comes off here (comparing raw values let no wing ever win).
            int best = -1;
            double bestVal = f.mthresh - f.dthresh;
            int reachF = (int) Math.ceil(ZONE * f.a);
            for (int cy = cell(f.my - reachF, gy); cy <= cell(f.my + reachF, gy); cy++) {
                for (int cx = cell(f.mx - reachF, gx); cx <= cell(f.mx + reachF, gx); cx++) {
                    List<Integer> list = grid[cy * gx + cx];
                    if (list == null) {
                        continue;
                    }
                    for (int j : list) {
                        if (stamp[j] == i) {
                            continue;
                        }
                        stamp[j] = i;
                        Detection b = dets.get(j);
                        if (b.mergedInto >= 0) {
                            continue;
                        }
                        double dx = f.mx - b.mx, dy = f.my - b.my;
                        double zone = ZONE * (f.a + b.a);
                        if (dx * dx + dy * dy >= zone * zone) {
                            continue;
                        }
                        double val = 1 + alpha[j] * (b.cxx * dx * dx + b.cyy * dy * dy + b.cxy * dx * dy);
                        if (val > 1 && val < 1e10) {
                            double wing = amp[j] * Math.pow(val, -beta);
                            if (wing > bestVal) {
                                bestVal = wing;
                                best = j;
                            }
                        }
                    }
                }
            }
            if (best >= 0) {
                merge(f, dets.get(best), best);
                continue;
            }
            // a survivor: its wing model, and its reach in the grid
            double unitArea = Math.PI * f.a * f.b;
            amp[i] = unitArea > 0 ? f.fdflux / (2 * unitArea) : 0;
            alpha[i] = amp[i] > f.dthresh && f.npix > 0
                    ? (Math.pow(amp[i] / f.dthresh, 1 / beta) - 1) * unitArea / f.npix : 0;
            int reach = (int) Math.ceil(ZONE * f.a);
            for (int cy = cell(f.my - reach, gy); cy <= cell(f.my + reach, gy); cy++) {
                for (int cx = cell(f.mx - reach, gx); cx <= cell(f.mx + reach, gx); cx++) {
                    List<Integer> list = grid[cy * gx + cx];
                    if (list == null) {
                        grid[cy * gx + cx] = list = new ArrayList<>(4);
                    }
                    list.add(i);
                }
            }
        }
    }

    private static int cell(double v, int n) {
        int c = (int) Math.floor(v / CELL);
        return c < 0 ? 0 : Math.min(c, n - 1);
    }

    private static void merge(Detection victim, Detection into, int intoIndex) {
        victim.mergedInto = intoIndex;
        into.fluxIso += victim.fluxIso;
        into.fdflux += victim.fdflux;
        into.npix += victim.npix;
        into.xmin = Math.min(into.xmin, victim.xmin);
        into.xmax = Math.max(into.xmax, victim.xmax);
        into.ymin = Math.min(into.ymin, victim.ymin);
        into.ymax = Math.max(into.ymax, victim.ymax);
        into.peak = Math.max(into.peak, victim.peak);
        into.flags |= victim.flags & ~(Source.FLAG_BLENDED | Source.FLAG_NEIGHBOURS);
    }
}
