package org.skysift.pipeline.progress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tiles done over time, sampled every few seconds, for metrics.json. A long run keeps at most
 * {@code 2 * keep} points: past that every other one is dropped and the sampling slows by half,
 * so a ten-hour run stays as readable as a ten-minute one.
 */
final class RateSeries {
    record Point(long tMs, long done, long failed) {}

    private final int keep;
    private long everyMs;
    private final List<Point> points = new ArrayList<>();

    RateSeries(long everyMs, int keep) {
        this.everyMs = everyMs;
        this.keep = keep;
    }

    /** Records the counts at tMs (ms since the run began) when a sample is due, or always when forced. */
    synchronized void sample(long tMs, TileCount c, boolean force) {
        Point last = points.isEmpty() ? null : points.get(points.size() - 1);
        if (!force && last != null && tMs - last.tMs() < everyMs) {
            return;
        }
        points.add(new Point(tMs, c.done(), c.failed()));
        if (points.size() > 2 * keep) {
            List<Point> thinned = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                if (i % 2 == 0 || i == points.size() - 1) {
                    thinned.add(points.get(i));
                }
            }
            points.clear();
            points.addAll(thinned);
            everyMs *= 2;
        }
    }

    synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** [{t_s, done, failed, tiles_per_s}], the rate being over the interval since the previous point. */
    synchronized ArrayNode json(ArrayNode into) {
        Point prev = null;
        for (Point p : points) {
            ObjectNode n = into.addObject();
            n.put("t_s", p.tMs() / 1000.0);
            n.put("done", p.done());
            n.put("failed", p.failed());
            double rate = prev == null ? 0 : Rates.perSecond(p.done() - prev.done(), p.tMs() - prev.tMs());
            n.put("tiles_per_s", Double.parseDouble(String.format(Locale.ROOT, "%.3f", rate)));
            prev = p;
        }
        return into;
    }
}
