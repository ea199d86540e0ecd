package org.skysift.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.skysift.sky.Angles;

/** A target with a name, as carried to its tile so the tile's candidates can be labelled with it. */
public record NamedTarget(String name, double ra, double dec) implements Serializable {

    /** Aggregate over a tile's targets-table rows: (name, ra, dec) of those with a name (collect_list drops the nulls). */
    static Column collect() {
        return functions.collect_list(functions.when(functions.col("name").isNotNull(),
                functions.struct(functions.col("name"), functions.col("ra"), functions.col("dec"))));
    }

    /** The rows {@link #collect()} gathered. */
    static List<NamedTarget> fromRows(List<Row> rows) {
        List<NamedTarget> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new NamedTarget(r.getString(0), r.getDouble(1), r.getDouble(2)));
        }
        return List.copyOf(out);
    }

    /** The name of the target nearest the position (ties to the smaller name), or null when there is none. */
    static String nearest(List<NamedTarget> targets, double ra, double dec) {
        String best = null;
        double bestSep = Double.POSITIVE_INFINITY;
        for (NamedTarget t : targets) {
            double s = Angles.separationDeg(ra, dec, t.ra(), t.dec());
            if (s < bestSep || s == bestSep && t.name().compareTo(best) < 0) {
                best = t.name();
                bestSep = s;
            }
        }
        return best;
    }

    /** The candidates with target_name set from the tile's named targets (unchanged when it has none). */
    static List<CandidateRow> label(List<NamedTarget> targets, List<CandidateRow> candidates) {
        if (targets == null || targets.isEmpty()) {
            return candidates;
        }
        List<CandidateRow> out = new ArrayList<>(candidates.size());
        for (CandidateRow c : candidates) {
            out.add(c.withTargetName(nearest(targets, c.ra(), c.dec())));
        }
        return out;
    }
}
