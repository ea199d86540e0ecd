package org.skysift.testing;

/** YAML fragments the run tests share. */
public final class TestConfigs {
    /**
     * Every driver-side report output off (the summary and manifest are always written): for run tests that
     * check tables, so each of their runs does not pay for plots, HATS and the page (tested on their own).
     */
    public static final String NO_REPORTS = "report: {plots: false, cutouts: false, html: false, dashboard: false, hats: false}";

    private TestConfigs() {}
}
