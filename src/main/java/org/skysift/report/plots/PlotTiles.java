package org.skysift.report.plots;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.skysift.report.RunTables;

/**
 * The tiles table's columns the figures draw, collected once for all of them: the table has one row per
 * tile, so the driver holds it (unlike the sources), and one collect replaces a Spark job per figure.
 */
final class PlotTiles {
    /** One tile: centre, size, whether it was processed ok, and when it started and finished (µs since 1970, or null). */
    record Tile(double ra, double dec, double widthArcmin, double heightArcmin, boolean ok, Long startedMicros,
                Long finishedMicros) {}

    private final RunTables tables;
    private List<Tile> rows;

    PlotTiles(RunTables tables) {
        this.tables = tables;
    }

    synchronized List<Tile> get() {
        if (rows == null) {
            List<Tile> out = new ArrayList<>();
            for (Row r : tables.get("tiles").selectExpr("ra_center", "dec_center", "width_arcmin", "height_arcmin", "status",
                    "unix_micros(started_at)", "unix_micros(finished_at)").collectAsList()) {
                out.add(new Tile(r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), "ok".equals(r.getString(4)),
                        r.isNullAt(5) ? null : r.getLong(5), r.isNullAt(6) ? null : r.getLong(6)));
            }
            rows = List.copyOf(out);
        }
        return rows;
    }
}
