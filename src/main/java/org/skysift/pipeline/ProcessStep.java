package org.skysift.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.api.java.JavaRDD;
import org.skysift.config.ConfigLoader;

/**
 * The counts a process step that ends the run ({@code run --until process}) records in its section, with no
 * summary to take them from: tiles ok and failed and each table's rows, the same keys as the summary's
 * (one Spark job over the processed tiles, which are cached).
 */
final class ProcessStep {
    private static final String[] KEYS = {"tiles_ok", "tiles_failed", "targets", "tiles", "sources", "matches",
        "candidates", "rejected", "injections", "transients", "epoch_injections", "lightcurves", "variability"};

    private ProcessStep() {}

    static ObjectNode counts(JavaRDD<TileResult> results, boolean epochs) {
        long[] c = results.map(ProcessStep::of).fold(new long[KEYS.length], ProcessStep::plus);
        ObjectNode n = ConfigLoader.json().createObjectNode();
        int last = epochs ? KEYS.length : KEYS.length - 4;
        for (int i = 0; i < last; i++) {
            n.put(KEYS[i], c[i]);
        }
        return n;
    }

    private static long[] of(TileResult r) {
        String status = r.tile().status();
        return new long[] {"ok".equals(status) ? 1 : 0, "failed".equals(status) ? 1 : 0, r.tile().nTargets(), 1, r.sources().size(), r.matches().size(),
            r.candidates().size(), r.rejected().size(), r.injections().size(), r.transients().size(),
            r.epochInjections().size(), r.lightcurves().size(), r.variability().size()};
    }

    private static long[] plus(long[] a, long[] b) {
        long[] s = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
