package org.skysift.report;

/** Writes summary.csv and dashboard/anomalies_minimal.csv. */
public final class DashboardFiles {
    private DashboardFiles() {}

    public static void write(RunOutputs.Context ctx) {
        // TODO(issue 8)
    }
}
