package org.skysift.report.plots;

import org.skysift.report.RunOutputs;

/** Writes plots/*.png and their CSVs. */
public final class RunPlots {
    private RunPlots() {}

    public static void write(RunOutputs.Context ctx) {
        // TODO(issue 8)
    }
}
