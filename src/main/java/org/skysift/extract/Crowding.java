package org.skysift.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * FLAGS bit 1: more than 10% of a source's Kron measurement ellipse (6 x its isophotal ellipse)
 * is masked pixels or, when neighbour flagging is on, pixels of other detections. Neighbours are
 * found through a coarse grid of bounding boxes; their pixel lists are sorted by index, so only the
 * rows inside the ellipse's box are read.
 */
final class Crowding {
    private static final double CROWD_FRACTION = 0.1;
    private static final int CELL = 64;

    private Crowding() {}

    static void flag(List<Detection> dets, int[] pix, float[] image, int w, int h, boolean neighbours) {
        int gx = (w + CELL - 1) / CELL, gy = (h + CELL - 1) / CELL;
        List<List<Integer>> grid = new ArrayList<>(gx * gy);
        for (int c = 0; c < gx * gy; c++) {
            grid.add(null);
        }
        if (neighbours) {
            for (int i = 0; i < dets.size(); i++) {
                Detection d = dets.get(i);
                // the box of the detection's own pixels (a CLEAN survivor's box also covers its victims)
                int x0 = pix[d.from] % w, x1 = x0;
                for (int j = d.from; j < d.to; j++) {
                    int x = pix[j] % w;
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                }
                int y0 = pix[d.from] / w, y1 = pix[d.to - 1] / w;
                for (int cy = y0 / CELL; cy <= y1 / CELL; cy++) {
                    for (int cx = x0 / CELL; cx <= x1 / CELL; cx++) {
                        List<Integer> l = grid.get(cy * gx + cx);
                        if (l == null) {
                            grid.set(cy * gx + cx, l = new ArrayList<>(4));
                        }
                        l.add(i);
                    }
                }
            }
        }
        int[] box = new int[4];
        int[] seen = new int[dets.size()];
        java.util.Arrays.fill(seen, -1);
        for (int i = 0; i < dets.size(); i++) {
            Detection d = dets.get(i);
            if (d.mergedInto >= 0) {
                continue;
            }
            double k2 = Apertures.KRON_SCAN * Apertures.KRON_SCAN;
            double qx = d.cxx - d.cxy * d.cxy / (4 * d.cyy), qy = d.cyy - d.cxy * d.cxy / (4 * d.cxx);
            double hx = qx > 0 ? Apertures.KRON_SCAN / Math.sqrt(qx) : 0;
            double hy = qy > 0 ? Apertures.KRON_SCAN / Math.sqrt(qy) : 0;
            Apertures.box(d.mx, d.my, hx, hy, w, h, box);
            int area = 0, bad = 0;
            for (int y = box[2]; y < box[3]; y++) {
                double dy = y - d.my;
                for (int x = box[0]; x < box[1]; x++) {
                    double dx = x - d.mx;
                    if (d.cxx * dx * dx + d.cyy * dy * dy + d.cxy * dx * dy <= k2) {
                        area++;
                        float v = image[y * w + x];
                        if (v != v) {
                            bad++;
                        }
                    }
                }
            }
            if (neighbours && box[1] > box[0] && box[3] > box[2]) {
                for (int cy = box[2] / CELL; cy <= (box[3] - 1) / CELL; cy++) {
                    for (int cx = box[0] / CELL; cx <= (box[1] - 1) / CELL; cx++) {
                        List<Integer> l = grid.get(cy * gx + cx);
                        if (l == null) {
                            continue;
                        }
                        for (int j : l) {
                            if (seen[j] == i || j == i || owner(dets, j) == i) {
                                seen[j] = i;
                                continue;
                            }
                            seen[j] = i;
                            bad += inside(dets.get(j), pix, w, d, box, k2);
                        }
                    }
                }
            }
            if (area > 0 && bad > CROWD_FRACTION * area) {
                d.flags |= Source.FLAG_NEIGHBOURS;
            }
        }
    }

    private static int owner(List<Detection> dets, int j) {
        while (dets.get(j).mergedInto >= 0) {
            j = dets.get(j).mergedInto;
        }
        return j;
    }

    /** Pixels of detection e inside d's scan ellipse. */
    private static int inside(Detection e, int[] pix, int w, Detection d, int[] box, double k2) {
        int lo = e.from, hi = e.to;
        int first = box[2] * w;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pix[mid] < first) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int last = box[3] * w;
        int n = 0;
        for (int j = lo; j < e.to && pix[j] < last; j++) {
            int x = pix[j] % w;
            if (x < box[0] || x >= box[1]) {
                continue;
            }
            double dx = x - d.mx, dy = pix[j] / w - d.my;
            if (d.cxx * dx * dx + d.cyy * dy * dy + d.cxy * dx * dy <= k2) {
                n++;
            }
        }
        return n;
    }
}
