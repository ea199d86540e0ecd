package org.skysift.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.acquire.Sha256;
import org.skysift.config.ConfigLoader;

/**
 * Packs a run folder into {@code <output>/<run_id>.zip} with entries {@code <run_id>/<path>} and writes
 * {@code <run_id>.zip.sha256} in sha256sum's format. The zip is reproducible: entries in sorted path
 * order, every entry stamped with the manifest's created_at (as a zone-free local time, so the bytes do
 * not depend on the packing machine's time zone), no extra fields. Bookkeeping files are left out as
 * in the manifest.
 */
public final class RunPackage {
    /** Where the package went and its hex SHA-256. */
    public record Result(String zip, String sha256File, String sha256, int entries) {}

    private RunPackage() {}

    /** @param outputDir the folder for the zip; null = the run folder's parent */
    public static Result write(Configuration conf, String runDir, String outputDir) {
        try {
            return pack(conf, runDir, outputDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot package " + runDir + ": " + e.getMessage(), e);
        }
    }

    private static Result pack(Configuration conf, String runDir, String outputDir) throws IOException {
        Path root = new Path(runDir);
        FileSystem fs = RunFiles.unchecked(root.getFileSystem(conf));
        root = fs.makeQualified(root);
        Path manifest = new Path(root, Manifest.NAME);
        if (!fs.exists(manifest)) {
            throw new RunCheck.NotARunException(runDir + " is not a run folder: it has no " + Manifest.NAME);
        }
        LocalDateTime stamp = stamp(fs, manifest);
        String runId = root.getName();
        Path outDir = outputDir == null ? root.getParent() : new Path(outputDir);
        // a private instance, so turning off the local file system's .crc side files touches nothing else
        try (FileSystem outFs = FileSystem.newInstance(outDir.toUri(), conf)) {
            outFs.setWriteChecksum(false);
            return zipInto(fs, root, runId, stamp, outFs, outDir);
        }
    }

    private static Result zipInto(FileSystem fs, Path root, String runId, LocalDateTime stamp, FileSystem outFs,
                               Path outDir) throws IOException {
        if ((outFs.makeQualified(outDir) + "/").startsWith(root + "/")) {
            throw new RunCheck.NotARunException("the package of " + root + " cannot go inside it (" + outDir + ")");
        }
        Path zip = new Path(outDir, runId + ".zip");
        MessageDigest md = Sha256.digest();
        int n = 0;
        try (OutputStream raw = outFs.create(zip, true);
             ZipOutputStream out = new ZipOutputStream(new DigestOutputStream(raw, md), StandardCharsets.UTF_8)) {
            byte[] buf = new byte[1 << 16];
            for (RunFiles.Entry e : RunFiles.list(fs, root)) {
                ZipEntry z = new ZipEntry(runId + "/" + e.path());
                z.setTimeLocal(stamp);
                out.putNextEntry(z);
                try (InputStream in = fs.open(e.file())) {
                    int r;
                    while ((r = in.read(buf)) != -1) {
                        out.write(buf, 0, r);
                    }
                }
                out.closeEntry();
                n++;
            }
        }
        String hex = HexFormat.of().formatHex(md.digest());
        Path sums = new Path(outDir, runId + ".zip.sha256");
        try (OutputStream out = outFs.create(sums, true)) {
            out.write((hex + "  " + runId + ".zip\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Result(outFs.makeQualified(zip).toString(), outFs.makeQualified(sums).toString(), hex, n);
    }

    /** The manifest's created_at in UTC, or the DOS epoch when it has none: never the packing time. */
    private static LocalDateTime stamp(FileSystem fs, Path manifest) throws IOException {
        JsonNode m;
        try (InputStream in = fs.open(manifest)) {
            m = ConfigLoader.json().readTree(in);
        } catch (IOException e) {
            throw new RunCheck.NotARunException(manifest + " is not readable JSON: " + e.getMessage());
        }
        String created = m.path("created_at").asText("");
        try {
            return LocalDateTime.ofInstant(Instant.parse(created), ZoneOffset.UTC).withNano(0);
        } catch (java.time.format.DateTimeParseException e) {
            return LocalDateTime.of(1980, 1, 1, 0, 0);
        }
    }
}
