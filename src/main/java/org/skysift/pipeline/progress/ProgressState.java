package org.skysift.pipeline.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.skysift.config.ConfigLoader;

/**
 * What progress.json says: the run's state (running, finished, failed), its tiles, rate and ETA,
 * and the driver that writes it (host, pid, how often it rewrites the file, so a reader can tell a
 * driver that is gone from one that is busy).
 *
 * @param total tiles of the run, null until the driver has counted them
 * @param done tiles processed, failed ones included
 * @param etaS seconds left at the current rate, null while unknown
 * @param step what Spark is doing now (the description of the latest job)
 */
public record ProgressState(String runId, String state, String step, Long total, long done, long failed, long running,
                            double tilesPerS, Long etaS, Instant startedAt, Instant processingStartedAt,
                            Instant updatedAt, double updateIntervalS, String host, long pid, String error) {
    public static final String RUNNING = "running", FINISHED = "finished", FAILED = "failed";

    public ObjectNode toJson() {
        ObjectNode n = ConfigLoader.json().createObjectNode();
        n.put("run_id", runId);
        n.put("state", state);
        n.put("step", step);
        ObjectNode t = n.putObject("tiles");
        if (total == null) {
            t.putNull("total");
        } else {
            t.put("total", total);
        }
        t.put("done", done);
        t.put("failed", failed);
        t.put("running", running);
        n.put("tiles_per_s", Math.round(tilesPerS * 1000) / 1000.0);
        if (etaS == null) {
            n.putNull("eta_s");
        } else {
            n.put("eta_s", etaS);
        }
        n.put("started_at", startedAt.toString());
        n.put("processing_started_at", processingStartedAt == null ? null : processingStartedAt.toString());
        n.put("updated_at", updatedAt.toString());
        n.put("update_interval_s", updateIntervalS);
        ObjectNode d = n.putObject("driver");
        d.put("host", host);
        d.put("pid", pid);
        n.put("error", error);
        return n;
    }

    /** Reads a progress.json tree; {@code source} names the file in errors. */
    public static ProgressState fromJson(JsonNode n, String source) {
        JsonNode t = n.path("tiles");
        return new ProgressState(
                text(n, "run_id", source), text(n, "state", source), n.path("step").asText(null),
                t.path("total").isNumber() ? t.path("total").asLong() : null,
                t.path("done").asLong(), t.path("failed").asLong(), t.path("running").asLong(),
                n.path("tiles_per_s").asDouble(), n.path("eta_s").isNumber() ? n.path("eta_s").asLong() : null,
                instant(n, "started_at", source),
                n.path("processing_started_at").isTextual() ? instant(n, "processing_started_at", source) : null,
                instant(n, "updated_at", source), n.path("update_interval_s").asDouble(),
                n.path("driver").path("host").asText(null), n.path("driver").path("pid").asLong(),
                n.path("error").asText(null));
    }

    private static String text(JsonNode n, String key, String source) {
        if (!n.path(key).isTextual()) {
            throw new IllegalArgumentException(source + ": field " + key + " is missing or not a string");
        }
        return n.path(key).asText();
    }

    private static Instant instant(JsonNode n, String key, String source) {
        try {
            return Instant.parse(text(n, key, source));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(source + ": field " + key + " is not an ISO-8601 instant: " + n.path(key).asText(), e);
        }
    }
}
