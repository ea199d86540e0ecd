package org.skysift.report.html;

import org.skysift.report.RunOutputs;

/** Writes report.html. */
public final class HtmlReport {
    private HtmlReport() {}

    public static void write(RunOutputs.Context ctx) {
        // TODO(issue 8)
    }
}
