package org.skysift.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.config.ConfigLoader;

/**
 * Recomputes the checksums of a run folder, or of a package made by {@link RunPackage}, against its
 * manifest.json: which files differ, which are missing, which are present but not in the manifest,
 * and for a package whether the zip matches its .sha256 file.
 */
public final class RunCheck {
    /** The thing checked is no run: no manifest, an unreadable manifest or zip. */
    public static final class NotARunException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotARunException(String message) {
            super(message);
        }
    }

    /** A file whose content is not the manifest's. */
    public record Difference(String path, String why) {}

    /**
     * What was found. {@code packageProblem} is set when the zip does not match its .sha256 file;
     * {@code sha256File} is the .sha256 file that was checked, null when there was none.
     */
    public record Report(String runId, int checked, List<Difference> differs, List<String> missing, List<String> extra,
                         String packageProblem, String sha256File) {
        public boolean ok() {
            return differs.isEmpty() && missing.isEmpty() && extra.isEmpty() && packageProblem == null;
        }
    }

    private RunCheck() {}

    public static Report check(Configuration conf, String location) throws IOException {
        Path p = new Path(location);
        FileSystem fs = RunFiles.unchecked(p.getFileSystem(conf));
        if (!fs.exists(p)) {
            throw new NotARunException(location + ": no such file or folder");
        }
        return fs.getFileStatus(p).isDirectory() ? folder(fs, p) : zip(fs, p);
    }

    private static Report folder(FileSystem fs, Path root) throws IOException {
        Path manifest = new Path(root, Manifest.NAME);
        if (!fs.exists(manifest)) {
            throw new NotARunException(root + " is not a run folder: it has no " + Manifest.NAME);
        }
        JsonNode m;
        try (InputStream in = fs.open(manifest)) {
            m = readManifest(in, manifest.toString());
        }
        Map<String, RunFiles.Digest> present = new TreeMap<>();
        for (RunFiles.Entry e : RunFiles.list(fs, root)) {
            if (!e.path().equals(Manifest.NAME)) {
                present.put(e.path(), new RunFiles.Digest(e.bytes(), RunFiles.sha256(fs, e.file())));
            }
        }
        return compare(m, present, null, null);
    }

    private static Report zip(FileSystem fs, Path zip) throws IOException {
        // the zip against its .sha256 first: when the zip is damaged that is the finding to report
        String hex;
        try (InputStream in = fs.open(zip)) {
            hex = RunFiles.digest(in).sha256();
        }
        Path sums = new Path(zip.getParent(), zip.getName() + ".sha256");
        String problem = null;
        String sumsFile = null;
        if (fs.exists(sums)) {
            sumsFile = sums.toString();
            String expected;
            try (InputStream in = fs.open(sums)) {
                expected = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip().split("\\s+")[0];
            }
            if (!expected.equalsIgnoreCase(hex)) {
                problem = zip.getName() + " has sha256 " + hex + " but " + sums.getName() + " says " + expected;
            }
        }
        Map<String, RunFiles.Digest> entries = new TreeMap<>();
        List<String> outside = new ArrayList<>();
        String prefix = null;
        JsonNode manifest = null;
        try (ZipInputStream in = new ZipInputStream(fs.open(zip), StandardCharsets.UTF_8)) {
            ZipEntry z;
            while ((z = in.getNextEntry()) != null) {
                if (z.isDirectory()) {
                    continue;
                }
                String name = z.getName();
                int slash = name.indexOf('/');
                if (prefix == null && slash > 0) {
                    prefix = name.substring(0, slash);
                }
                if (prefix == null || !name.startsWith(prefix + "/")) {
                    outside.add(name);
                    continue;
                }
                String rel = name.substring(prefix.length() + 1);
                if (RunFiles.bookkeeping(rel)) {
                    continue;
                }
                if (rel.equals(Manifest.NAME)) {
                    manifest = readManifest(in, zip + "!" + name);
                } else {
                    entries.put(rel, RunFiles.digest(in));
                }
            }
        } catch (java.util.zip.ZipException e) {
            if (problem != null) {
                return new Report(null, 0, List.of(), List.of(), List.of(),
                        problem + "; its entries cannot be read: " + e.getMessage(), sumsFile);
            }
            throw new NotARunException(zip + " is not a readable zip: " + e.getMessage());
        }
        if (manifest == null) {
            throw new NotARunException(zip + " is not a run package: it has no <run_id>/" + Manifest.NAME);
        }
        Report r = compare(manifest, entries, problem, sumsFile);
        List<String> extra = new ArrayList<>(r.extra());
        extra.addAll(outside);
        return new Report(r.runId(), r.checked(), r.differs(), r.missing(), extra, problem, sumsFile);
    }

    private static Report compare(JsonNode manifest, Map<String, RunFiles.Digest> present, String packageProblem, String sums) {
        Map<String, JsonNode> listed = new TreeMap<>();
        for (JsonNode f : manifest.path("files")) {
            listed.put(f.path("path").asText(), f);
        }
        List<Difference> differs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : listed.entrySet()) {
            RunFiles.Digest s = present.get(e.getKey());
            if (s == null) {
                missing.add(e.getKey());
                continue;
            }
            long bytes = e.getValue().path("bytes").asLong(-1);
            String sha = e.getValue().path("sha256").asText();
            if (!sha.equalsIgnoreCase(s.sha256())) {
                differs.add(new Difference(e.getKey(), bytes == s.bytes()
                        ? "sha256 " + s.sha256() + ", manifest says " + sha
                        : s.bytes() + " bytes, manifest says " + bytes + " (sha256 " + s.sha256() + ", manifest says " + sha + ")"));
            }
        }
        List<String> extra = new ArrayList<>();
        for (String p : present.keySet()) {
            if (!listed.containsKey(p)) {
                extra.add(p);
            }
        }
        return new Report(manifest.path("run_id").asText(null), listed.size(), differs, missing, extra, packageProblem, sums);
    }

    private static JsonNode readManifest(InputStream in, String where) {
        try {
            JsonNode m = ConfigLoader.json().readTree(new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                    // the zip stream stays open for the next entry
                }
            });
            if (m == null || !m.path("files").isArray()) {
                throw new NotARunException(where + " is not a SkySift manifest: it has no files list");
            }
            return m;
        } catch (IOException e) {
            throw new NotARunException(where + " is not readable JSON: " + e.getMessage());
        }
    }
}
