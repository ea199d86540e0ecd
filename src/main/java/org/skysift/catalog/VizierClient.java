package org.skysift.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.skysift.sky.Angles;

/**
 * VizieR cone searches (ASU) returning every row in the cone. The answer is never silently cut at
 * the row cap: a cone whose answer reaches {@code maxRows} (or says OVERFLOW) is split into four
 * quadrant cones ({@link ConeSplitter}) and asked again, recursively up to {@code maxDepth}; rows
 * are kept once per id and only inside the asked cone. A cone still at the cap at the depth limit
 * fails with an error saying so. Positions are returned at the catalogue's epoch.
 */
public final class VizierClient {
    /** The CDS VizieR server's ASU programs. */
    public static final String DEFAULT_ENDPOINT = "https://vizier.cds.unistra.fr/viz-bin";

    /** Wire formats: the program under the endpoint. */
    public enum Format {
        TSV("asu-tsv"), VOTABLE("votable");

        final String program;

        Format(String program) {
            this.program = program;
        }

        public static Format of(String name) {
            return switch (name == null ? "tsv" : name.toLowerCase(Locale.ROOT)) {
                case "tsv", "asu-tsv" -> TSV;
                case "votable" -> VOTABLE;
                default -> throw new IllegalArgumentException("reference.format '" + name + "': expected tsv or votable");
            };
        }
    }

    private final TextFetcher fetcher;
    private final String endpoint;
    private final CatalogSpec spec;
    private final Format format;
    private final int maxRows;
    private final int maxDepth;

    /**
     * @param endpoint base URL holding the ASU programs (null = {@link #DEFAULT_ENDPOINT})
     * @param maxRows  rows asked per request (-out.max); 0 = unlimited (no splitting)
     * @param maxDepth how many times a cone may be split in four
     */
    public VizierClient(TextFetcher fetcher, String endpoint, CatalogSpec spec, Format format, int maxRows, int maxDepth) {
        if (spec.vizierSource() == null) {
            throw new IllegalArgumentException("catalog " + spec.key() + " has no VizieR table");
        }
        if (maxRows < 0 || maxDepth < 0) {
            throw new IllegalArgumentException("reference.max_rows and reference.max_depth must be >= 0");
        }
        this.fetcher = fetcher;
        String e = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint;
        this.endpoint = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
        this.spec = spec;
        this.format = format;
        this.maxRows = maxRows;
        this.maxDepth = maxDepth;
    }

    public CatalogSpec spec() {
        return spec;
    }

    /** The request for one cone. */
    public URI coneUri(double ra, double dec, double radiusDeg) {
        String q = "-source=" + enc(spec.vizierSource())
                + "&-c=" + enc(String.format(Locale.ROOT, "%.7f %+.7f", ra, dec))
                + "&-c.rm=" + String.format(Locale.ROOT, "%.6f", radiusDeg * 60.0)
                + "&-out.max=" + (maxRows == 0 ? "unlimited" : Integer.toString(maxRows))
                + "&-oc.form=dec"
                + "&-out=" + enc(String.join(",", spec.outColumns()));
        return URI.create(endpoint + "/" + format.program + "?" + q);
    }

    /** Every catalogue row within the cone, sorted by id. */
    public ConeAnswer cone(double ra, double dec, double radiusDeg) throws IOException {
        Map<String, RefStar> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int[] stats = new int[2]; // requests, deepest split
        collect(ra, dec, radiusDeg, 0, new double[] {ra, dec, radiusDeg}, byId, problems, stats);
        List<RefStar> stars = new ArrayList<>(byId.values());
        stars.sort(Comparator.comparing(RefStar::id));
        return new ConeAnswer(stars, problems, stats[0], stats[1], false);
    }

    private void collect(double ra, double dec, double r, int depth, double[] asked, Map<String, RefStar> byId,
                         List<String> problems, int[] stats) throws IOException {
        URI uri = coneUri(ra, dec, r);
        stats[0]++;
        stats[1] = Math.max(stats[1], depth);
        RawTable t = fetch(uri);
        boolean capped = t.overflow() || (maxRows > 0 && t.rows().size() + t.problems().size() >= maxRows);
        if (capped) {
            if (depth >= maxDepth) {
                throw new IOException(String.format(Locale.ROOT,
                        "VizieR %s: cone (%.6f, %+.6f, r=%.4f deg) still reaches the cap of %d rows after %d split(s);"
                                + " raise reference.max_rows or reference.max_depth (%s)",
                        spec.vizierSource(), ra, dec, r, maxRows, depth, uri));
            }
            for (double[] q : ConeSplitter.quadrants(ra, dec, r)) {
                collect(q[0], q[1], q[2], depth + 1, asked, byId, problems, stats);
            }
            return;
        }
        StarRows.Converted c = StarRows.convert(t, spec);
        problems.addAll(c.problems());
        for (RefStar s : c.stars()) {
            if (Angles.separationDeg(asked[0], asked[1], s.ra(), s.dec()) <= asked[2]) {
                byId.putIfAbsent(s.id(), s);
            }
        }
    }

    private RawTable fetch(URI uri) throws IOException {
        TextFetcher.Response r = fetcher.get(uri);
        if (r.status() != 200) {
            String body = r.body() == null ? "" : r.text().strip();
            throw new IOException("VizieR " + uri + ": HTTP " + r.status()
                    + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length())).replace('\n', ' ')));
        }
        String origin = "VizieR " + uri;
        return switch (format) {
            case TSV -> AsuTsv.parse(r.text(), origin);
            case VOTABLE -> VotableReader.read(new ByteArrayInputStream(r.body()), origin);
        };
    }

    private static String enc(String s) {
        // ASU wants %20 for a blank and %2B for '+' (a bare '+' would read as a blank).
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
