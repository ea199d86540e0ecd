package org.skysift.catalog;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.io.HadoopFiles;

/**
 * Complete cone answers kept on a Hadoop path, one small TSV per (catalogue, cone), so a re-run
 * or a retried task asks the service nothing. A file is written under a temporary name and
 * renamed into place, and ends with a row count: a half-written or damaged file is never taken
 * for an answer (it is ignored and fetched again).
 *
 * <p>Layout: {@code <root>/<catalog>/<catalog>_<spec hash>_ra<ra>_dec<dec>_r<radius>.tsv}. The
 * spec hash changes when the table, columns or magnitude preference change.
 */
public final class ConeCache {
    static final String MAGIC = "# skysift-cone 1";
    // a file from before the colour column does not match: it is fetched again, then with colours
    private static final String HEADER = "id\tra\tdec\tmag\tpmra\tpmdec\tepoch\tcolour";
    private static final String END = "# end ";

    private final String root;
    private final Configuration conf;

    public ConeCache(String rootUri, Configuration conf) {
        this.root = rootUri.endsWith("/") ? rootUri.substring(0, rootUri.length() - 1) : rootUri;
        this.conf = conf;
    }

    /** The cache file for a cone, relative to the root. */
    public static String fileName(CatalogSpec spec, double ra, double dec, double radiusDeg) {
        return String.format(Locale.ROOT, "%s/%s_%s_ra%.7f_dec%+.7f_r%.7f.tsv",
                spec.key(), spec.key(), specHash(spec), ra, dec, radiusDeg);
    }

    public Path path(String name) {
        return new Path(root + "/" + name);
    }

    /** The cached rows, or empty when absent, incomplete or unreadable as a cache file. */
    public Optional<List<RefStar>> read(String name) throws IOException {
        Path p = path(name);
        FileSystem fs = HadoopFiles.fs(p, conf);
        if (!fs.exists(p)) {
            return Optional.empty();
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
            if (!MAGIC.equals(in.readLine()) || !HEADER.equals(in.readLine())) {
                return Optional.empty();
            }
            List<RefStar> out = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(END)) {
                    long n = Long.parseLong(line.substring(END.length()).trim());
                    return n == out.size() && in.readLine() == null ? Optional.of(out) : Optional.empty();
                }
                String[] f = line.split("\t", -1);
                if (f.length != 8) {
                    return Optional.empty();
                }
                out.add(new RefStar(f[0], num(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6]), num(f[7])));
            }
            return Optional.empty(); // no end line: the write never finished
        } catch (NumberFormatException | IOException e) {
            // Damaged (a checksum error, a bad number): as good as absent; the next write replaces it.
            return Optional.empty();
        }
    }

    /** Writes the rows atomically (temporary file, then rename); a concurrent writer of the same cone is harmless. */
    public void write(String name, List<RefStar> stars) throws IOException {
        Path target = path(name);
        FileSystem fs = HadoopFiles.fs(target, conf);
        if (!fs.mkdirs(target.getParent())) {
            throw new IOException("cone cache " + fs.makeQualified(target.getParent()) + ": the folder cannot be created");
        }
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FSDataOutputStream raw = fs.create(tmp, false);
                 BufferedWriter out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8))) {
                out.write(MAGIC);
                out.write('\n');
                out.write(HEADER);
                out.write('\n');
                StringBuilder sb = new StringBuilder(96);
                for (RefStar s : stars) {
                    sb.setLength(0);
                    sb.append(s.id().replace('\t', ' ').replace('\n', ' ')).append('\t').append(s.ra()).append('\t')
                            .append(s.dec());
                    for (double v : new double[] {s.mag(), s.pmra(), s.pmdec(), s.epoch(), s.colour()}) {
                        sb.append('\t');
                        if (!Double.isNaN(v)) {
                            sb.append(v);
                        }
                    }
                    out.write(sb.append('\n').toString());
                }
                out.write(END + stars.size() + "\n");
            }
            if (!fs.rename(tmp, target)) {
                // Rename does not replace on HDFS. A valid file there is another task's answer for the
                // same cone, as good as ours; a damaged one is replaced.
                if (fs.exists(target) && read(name).isPresent()) {
                    return;
                }
                fs.delete(target, false);
                if (!fs.rename(tmp, target)) {
                    throw new IOException("cannot move " + tmp + " to " + target);
                }
            }
        } catch (FSError e) {
            // Hadoop's local file system wraps a failed write (a full disk) in an Error that would end the job
            throw new IOException("cone cache " + fs.makeQualified(target) + ": " + reason(e.getCause()), e.getCause());
        } catch (IOException e) {
            throw new IOException("cone cache " + fs.makeQualified(target) + ": " + reason(e), e);
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }

    private static String reason(Throwable e) {
        return e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage();
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static String specHash(CatalogSpec spec) {
        try {
            String text = spec.vizierSource() + "|" + spec.outColumns() + "|" + spec.magNames() + "|" + spec.positionEpoch();
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
