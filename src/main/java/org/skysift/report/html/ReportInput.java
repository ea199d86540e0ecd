package org.skysift.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Everything report.html shows, gathered by HtmlReport from the run folder (or made by hand in tests).
 *
 * @param summary         summary.json as written
 * @param plots           plots/plots.json entries in display order (empty when there is none)
 * @param plotsProblem    why plots.json could not be used, or null
 * @param failedTiles     the first failed tiles, by tile id
 * @param tiles           one row per tile; the first column is the tile id
 * @param candidates      one row per candidate shown, best score first; the second column is the tile id
 * @param candidatesTotal candidates in the run (more than the rows when the page keeps only the best)
 * @param plateDates      earliest and latest DATE-OBS of the tiles, or null
 * @param files           other outputs of the run folder to link, relative paths
 * @param transients      the strongest transients, S/N first, when the run has epochs; else null
 */
public record ReportInput(JsonNode summary, List<Plot> plots, String plotsProblem, List<FailedTile> failedTiles,
                          DataTable tiles, DataTable candidates, long candidatesTotal, String[] plateDates,
                          List<String> files, List<org.skysift.pipeline.TransientRow> transients) {
    /** A run without epochs. */
    public ReportInput(JsonNode summary, List<Plot> plots, String plotsProblem, List<FailedTile> failedTiles,
                       DataTable tiles, DataTable candidates, long candidatesTotal, String[] plateDates, List<String> files) {
        this(summary, plots, plotsProblem, failedTiles, tiles, candidates, candidatesTotal, plateDates, files, null);
    }

    /** A failed tile with the stage that failed and its exception. */
    public record FailedTile(long tileId, String stage, String errorClass, String message) {}
}
