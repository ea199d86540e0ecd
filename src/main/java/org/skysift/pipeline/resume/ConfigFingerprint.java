package org.skysift.pipeline.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.io.HadoopFiles;

/**
 * The config a run's checkpoints were made with, as one SHA-256 per key (values are hashed, so credentials
 * never land in the file, yet a refusal can name the keys that changed). Keys that cannot change a tile's
 * rows (where the run goes, how it is split and watched, which report files it writes) are left out.
 */
public record ConfigFingerprint(Map<String, String> keys) {
    static final String FILE = "config.json";
    /** Keys whose value changes no row of any table. */
    static final Set<String> RUN_SPECIFIC = Set.of("run_id", "output", "fail_fast", "lock_stale_minutes", "tiling.tiles_per_partition",
            "image.max_concurrent", "report.progress", "report.metrics", "report.plots", "report.html",
            "report.dashboard", "report.hats", "report.hats_max_rows", "report.zip",
            // how requests are made, not what they return; and an unsalted hash of a password could be guessed
            "http.truststore", "http.truststore_password", "http.bearer_token", "http.total_timeout_s", "http.max_redirects");

    public static ConfigFingerprint of(SkySiftConfig config) {
        Map<String, String> keys = new TreeMap<>();
        flatten("", ConfigLoader.toTree(config), keys);
        return new ConfigFingerprint(keys);
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (!RUN_SPECIFIC.contains(prefix)) {
            out.put(prefix, Sha256.hex(n.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** One hash over every key. */
    public String sha256() {
        StringBuilder b = new StringBuilder();
        keys.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return Sha256.hex(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Keys whose value differs, or that only one side has, sorted. */
    public List<String> changedFrom(ConfigFingerprint before) {
        Set<String> all = new TreeSet<>(keys.keySet());
        all.addAll(before.keys.keySet());
        List<String> changed = new ArrayList<>();
        for (String k : all) {
            if (!java.util.Objects.equals(keys.get(k), before.keys.get(k))) {
                changed.add(k);
            }
        }
        return changed;
    }

    /**
     * Before any tile of a resumed run is processed: the checkpoints present must have been made with this
     * config (else a clear refusal), and the fingerprint is (re)written so the tiles kept from here on carry it.
     *
     * @param checkpoints how many tile checkpoints are there
     */
    public void checkAndKeep(String runDir, String runId, int checkpoints, Configuration conf) {
        String uri = TileCheckpoints.folder(runDir) + "/" + FILE;
        try {
            if (checkpoints > 0) {
                if (!HadoopFiles.exists(uri, conf)) {
                    throw refusal(runId, runDir, checkpoints, "their config fingerprint " + uri + " is missing");
                }
                ConfigFingerprint before = read(uri, conf);
                List<String> changed = changedFrom(before);
                if (!changed.isEmpty()) {
                    throw refusal(runId, runDir, checkpoints, "the config differs in " + String.join(", ", changed));
                }
                return;
            }
            HadoopFiles.replace(uri, toJson().getBytes(StandardCharsets.UTF_8), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + uri, e);
        }
    }

    private static ConfigException refusal(String runId, String runDir, int checkpoints, String why) {
        return new ConfigException("cannot resume run " + runId + " in " + runDir + ": " + checkpoints
                + " finished tiles were kept with another config (" + why + "). Run it again with the config it"
                + " was started with, or add --redo to start run " + runId + " over, or choose another run_id.");
    }

    String toJson() {
        ObjectNode root = ConfigLoader.json().createObjectNode();
        root.put("sha256", sha256());
        ObjectNode k = root.putObject("keys");
        keys.forEach(k::put);
        try {
            return ConfigLoader.json().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigFingerprint read(String uri, Configuration conf) throws IOException {
        JsonNode root;
        try (var in = HadoopFiles.open(uri, conf)) {
            root = ConfigLoader.json().readTree(in);
        }
        Map<String, String> keys = new TreeMap<>();
        root.path("keys").fields().forEachRemaining(e -> keys.put(e.getKey(), e.getValue().asText()));
        return new ConfigFingerprint(keys);
    }
}
