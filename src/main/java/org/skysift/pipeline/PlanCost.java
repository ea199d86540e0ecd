package org.skysift.pipeline;

/**
 * The projected cost of processing a plan's tiles: the tiles keep executor cores busy for tileSeconds in all
 * (measured busy times, which already include the slowdown of cores running side by side: each tile's own
 * where an earlier run measured it, else perTileS, the median), the longest of them longestS; the run adds
 * fixedS outside the tiles (reading targets, writing tables, the report). tilesMeasured: how many tiles had
 * their own measured time.
 */
public record PlanCost(long tiles, double perTileS, String perTileSource, double fixedS, int cores, double tileSeconds,
                       double longestS, long tilesMeasured) {

    /**
     * Median busy seconds per tile (finished_at - started_at) on local[2] with 400 DSS-like 2118x2118 plates read as
     * files and their 2.2M-row reference CSV (bench/job-throughput.sh; docs/PERFORMANCE.md "Job throughput"). Was 1.89 s
     * (issue 12's first measurement, on a loaded machine).
     */
    public static final double DEFAULT_PER_TILE_S = 0.52;
    public static final String DEFAULT_SOURCE = "default: 0.52 s busy per tile, local[2], 2118x2118 DSS-like plates"
            + " (docs/PERFORMANCE.md, Planning)";
    /** Time of the same runs outside the tiles: 34-42 s (issue 12). */
    public static final double DEFAULT_FIXED_S = 40;

    public PlanCost {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, got " + cores);
        }
        if (!(perTileS > 0)) {
            throw new IllegalArgumentException("per-tile cost must be positive, got " + perTileS + " s (" + perTileSource + ")");
        }
    }

    /** Every tile costs perTileS. */
    public PlanCost(long tiles, double perTileS, String perTileSource, double fixedS, int cores) {
        this(tiles, perTileS, perTileSource, fixedS, cores, tiles * perTileS, tiles == 0 ? 0 : perTileS, 0);
    }

    /** Core-hours the tiles keep busy. */
    public double coreHours() {
        return tileSeconds / 3600.0;
    }

    /**
     * Wall seconds on {@code cores} cores plus the fixed cost. Every tile at perTileS (none measured on its
     * own): the busiest core's tiles (the rounded-up share). Tiles of their own costs: Spark gives each free
     * core the next task, list scheduling, whose span is at most tileSeconds / cores + (1 - 1 / cores) x the
     * longest tile (Graham's bound).
     */
    public double wallSeconds() {
        if (tilesMeasured == 0) {
            return fixedS + Math.ceil((double) tiles / cores) * perTileS;
        }
        return fixedS + tileSeconds / cores + (1 - 1.0 / cores) * longestS;
    }

    /** A duration as people read it: 42 s, 12.5 min, 3.2 h, 4.1 d. */
    public static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(java.util.Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(java.util.Locale.ROOT, "%.1f min", seconds / 60);
        }
        if (seconds < 172_800) {
            return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(java.util.Locale.ROOT, "%.1f d", seconds / 86_400);
    }
}
