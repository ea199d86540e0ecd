package org.skysift.report;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test access to summary.csv's header from other packages. */
public final class DashboardFilesAccess {
    private DashboardFilesAccess() {}

    public static String csvHeader(ObjectNode summary) {
        return DashboardFiles.summaryCsv(summary).split("\n")[0];
    }
}
