package org.skysift.pipeline.resume;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.skysift.config.ConfigLoader;
import org.skysift.io.HadoopFiles;

/**
 * A run whose manifest.json exists: the manifest is written last, so the run wrote everything. Its tile
 * counts come from summary.json beside it.
 */
public record FinishedRun(String runId, String runDir, String finishedAt, long tilesOk, long tilesFailed) {
    public static final String MANIFEST = "manifest.json";

    public static Optional<FinishedRun> find(String runDir, Configuration conf) {
        String manifest = runDir + "/" + MANIFEST;
        try {
            if (!HadoopFiles.exists(manifest, conf)) {
                return Optional.empty();
            }
            JsonNode m = json(manifest, conf);
            String summaryUri = runDir + "/summary.json";
            JsonNode tiles = HadoopFiles.exists(summaryUri, conf) ? json(summaryUri, conf).path("tiles") : null;
            return Optional.of(new FinishedRun(m.path("run_id").asText(), runDir, m.path("created_at").asText(),
                    tiles == null ? -1 : tiles.path("ok").asLong(), tiles == null ? -1 : tiles.path("failed").asLong()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
    }

    private static JsonNode json(String uri, Configuration conf) throws IOException {
        try (InputStream in = HadoopFiles.open(uri, conf)) {
            return ConfigLoader.json().readTree(in);
        }
    }

    /** What `skysift run` prints instead of running it again. */
    public String describe() {
        String tiles = tilesOk < 0 ? "" : ": " + tilesOk + " tiles ok, " + tilesFailed + " failed";
        return "skysift: run " + runId + " already finished at " + finishedAt + tiles + "\n"
                + "  run folder: " + runDir + " (manifest.json, summary.md)\n"
                + "  nothing to do; add --redo to run it again from nothing (its outputs are replaced)";
    }
}
