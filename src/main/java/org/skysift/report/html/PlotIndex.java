package org.skysift.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.config.ConfigLoader;

/**
 * Reads plots/plots.json, the list of figures in display order. A missing list means no figures; a list
 * that cannot be used does not fail the run (its tables are written by now) but is reported on the page.
 */
final class PlotIndex {
    /** A file name under plots/: no scheme, no parent steps, nothing that could point off the run folder. */
    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*");

    record Plots(List<Plot> plots, String problem) {}

    private PlotIndex() {}

    static Plots read(FileSystem fs, String runDir) throws IOException {
        Path index = new Path(runDir + "/plots/plots.json");
        if (!fs.exists(index)) {
            return new Plots(List.of(), null);
        }
        JsonNode list;
        try (InputStream in = fs.open(index)) {
            list = ConfigLoader.json().readTree(in);
        } catch (IOException e) {
            return new Plots(List.of(), "plots/plots.json could not be read: " + e.getMessage());
        }
        if (list == null || !list.isArray()) {
            return new Plots(List.of(), "plots/plots.json is not a JSON array of {file, title, caption}");
        }
        List<Plot> out = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String file = e.path("file").asText("");
            if (!SAFE_FILE.matcher(file).matches() || file.contains("..")) {
                bad.add("entry " + (i + 1) + " (file '" + file + "')");
                continue;
            }
            out.add(new Plot(file, e.path("title").asText(file), e.path("caption").asText(""),
                    fs.exists(new Path(runDir + "/plots/" + file))));
        }
        return new Plots(out, bad.isEmpty() ? null
                : "plots/plots.json: skipped " + String.join(", ", bad) + ": file must be a relative name under plots/");
    }
}
