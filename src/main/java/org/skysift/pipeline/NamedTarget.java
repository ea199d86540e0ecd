package org.skysift.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.skysift.sky.Angles;

/**
 * A target as carried to its tile: so the tile's candidates can be labelled with its name, and (runs with
 * light curves) so it is measured in every epoch. name is null for an unnamed target; targetId is -1 when unknown.
 */
public record NamedTarget(String name, double ra, double dec, long targetId) implements Serializable {

    public NamedTarget(String name, double ra, double dec) {
        this(name, ra, dec, -1);
    }

    /**
     * Aggregate over a tile's targets-table rows: (name, ra, dec, target_id) of those with a name, or of every
     * target when all is set (collect_list drops the nulls).
     */
    static Column collect(boolean all) {
        Column row = functions.struct(functions.col("name"), functions.col("ra"), functions.col("dec"),
                functions.col("target_id"));
        return functions.collect_list(all ? row : functions.when(functions.col("name").isNotNull(), row));
    }

    /** The rows {@link #collect(boolean)} gathered. */
    static List<NamedTarget> fromRows(List<Row> rows) {
        List<NamedTarget> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new NamedTarget(r.isNullAt(0) ? null : r.getString(0), r.getDouble(1), r.getDouble(2), r.getLong(3)));
        }
        return List.copyOf(out);
    }

    /** The name of the named target nearest the position (ties to the smaller name), or null when there is none. */
    static String nearest(List<NamedTarget> targets, double ra, double dec) {
        String best = null;
        double bestSep = Double.POSITIVE_INFINITY;
        for (NamedTarget t : targets) {
            if (t.name() == null) {
                continue;
            }
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
        return label(targets, candidates, c -> nearest(targets, c.ra(), c.dec()), CandidateRow::withTargetName);
    }

    /** The transients with target_name set from the tile's named targets (unchanged when it has none). */
    static List<TransientRow> labelTransients(List<NamedTarget> targets, List<TransientRow> transients) {
        return label(targets, transients, t -> nearest(targets, t.ra(), t.dec()), TransientRow::withTargetName);
    }

    private static <T> List<T> label(List<NamedTarget> targets, List<T> rows, java.util.function.Function<T, String> name,
                                     java.util.function.BiFunction<T, String, T> withName) {
        if (targets == null || targets.stream().allMatch(t -> t.name() == null)) {
            return rows;
        }
        List<T> out = new ArrayList<>(rows.size());
        for (T r : rows) {
            out.add(withName.apply(r, name.apply(r)));
        }
        return out;
    }
}
