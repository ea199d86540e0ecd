package org.skysift.report.hats;

import org.skysift.report.RunOutputs;

/** Writes hats/sources and hats/candidates, HATS catalogs LSDB opens. */
public final class HatsCatalogs {
    private HatsCatalogs() {}

    public static void write(RunOutputs.Context ctx) {
        // TODO(issue 8)
    }
}
