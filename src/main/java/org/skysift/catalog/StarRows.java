package org.skysift.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a {@link RawTable} into reference rows as a {@link CatalogSpec} says. Columns are found
 * by name, else by UCD (meta.id;meta.main, pos.eq.ra;meta.main, pos.pm;pos.eq.ra, phot.mag, ...).
 * The colour is BP-RP from a bp_rp/colour column or from BPmag - RPmag (NaN when absent).
 * A row whose position is missing, not a number or out of range, or whose other numbers do not
 * parse, is skipped and listed with its line; it never stops the rest.
 */
public final class StarRows {
    /** A colour index column (Gaia BP-RP); when absent, BP and RP magnitude columns give it. */
    static final List<String> COLOUR_NAMES = List.of("bp_rp", "BP-RP", "colour", "color");
    private static final List<String> BP_NAMES = List.of("BPmag", "phot_bp_mean_mag");
    private static final List<String> RP_NAMES = List.of("RPmag", "phot_rp_mean_mag");

    private StarRows() {}

    /** Rows read and rows refused (each problem names the origin and line). */
    public record Converted(List<RefStar> stars, List<String> problems) {}

    public static Converted convert(RawTable t, CatalogSpec spec) throws IOException {
        List<String> problems = new ArrayList<>(t.problems());
        if (t.columns().isEmpty()) {
            return new Converted(List.of(), problems);
        }
        int ra = find(t, spec.raNames(), List.of("pos.eq.ra;meta.main", "pos.eq.ra"));
        int dec = find(t, spec.decNames(), List.of("pos.eq.dec;meta.main", "pos.eq.dec"));
        if (ra < 0 || dec < 0) {
            throw new IOException(t.origin() + ": no " + (ra < 0 ? "RA" : "Dec") + " column (looked for "
                    + (ra < 0 ? spec.raNames() : spec.decNames()) + " and UCD pos.eq." + (ra < 0 ? "ra" : "dec")
                    + "); columns are " + t.columns());
        }
        int id = find(t, spec.idNames(), List.of("meta.id;meta.main", "meta.id"));
        int pmra = find(t, spec.pmraNames(), List.of("pos.pm;pos.eq.ra"));
        int pmdec = find(t, spec.pmdecNames(), List.of("pos.pm;pos.eq.dec"));
        int epoch = find(t, spec.epochNames(), List.of());
        int colour = t.column(COLOUR_NAMES);
        int bp = colour >= 0 ? -1 : t.column(BP_NAMES);
        int rp = colour >= 0 ? -1 : t.column(RP_NAMES);
        List<Integer> mags = new ArrayList<>();
        for (String m : spec.magNames()) {
            int i = t.column(List.of(m));
            if (i >= 0) {
                mags.add(i);
            }
        }
        if (mags.isEmpty()) {
            int i = t.columnByUcd(List.of("phot.mag"));
            if (i >= 0) {
                mags.add(i);
            }
        }

        List<RefStar> out = new ArrayList<>(t.rows().size());
        for (RawTable.Row row : t.rows()) {
            String[] c = row.cells();
            String where = t.origin() + " line " + row.line();
            String raS = c[ra], decS = c[dec];
            if (raS == null || decS == null) {
                problems.add(where + ": no position (" + t.columns().get(ra) + "='" + raS + "', "
                        + t.columns().get(dec) + "='" + decS + "')");
                continue;
            }
            try {
                double r = number(raS, t.columns().get(ra));
                double d = number(decS, t.columns().get(dec));
                if (!(r >= 0 && r <= 360 && d >= -90 && d <= 90)) {
                    problems.add(where + ": position out of range (RA " + raS + ", Dec " + decS + ")");
                    continue;
                }
                double mag = Double.NaN;
                for (int m : mags) {
                    if (c[m] != null) {
                        mag = number(c[m], t.columns().get(m));
                        break;
                    }
                }
                double pa = pmra >= 0 && c[pmra] != null ? number(c[pmra], t.columns().get(pmra)) : Double.NaN;
                double pd = pmdec >= 0 && c[pmdec] != null ? number(c[pmdec], t.columns().get(pmdec)) : Double.NaN;
                double ep = epoch >= 0 && c[epoch] != null ? epochValue(c[epoch], t.columns().get(epoch)) : spec.positionEpoch();
                if (!(Double.isFinite(pa) && Double.isFinite(pd))) {
                    pa = Double.NaN;
                    pd = Double.NaN;
                }
                String idS = id >= 0 && c[id] != null ? c[id]
                        : String.format(Locale.ROOT, "%s:%.7f%+.7f", spec.key(), r, d);
                out.add(new RefStar(idS, r == 360 ? 0 : r, d, mag, pa, pd, ep, colour(c, t, colour, bp, rp)));
            } catch (NumberFormatException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return new Converted(out, problems);
    }

    /** BP-RP from a colour column, else from the two magnitudes; NaN when a row lacks them. */
    private static double colour(String[] c, RawTable t, int colour, int bp, int rp) {
        if (colour >= 0) {
            return c[colour] == null ? Double.NaN : number(c[colour], t.columns().get(colour));
        }
        if (bp >= 0 && rp >= 0 && c[bp] != null && c[rp] != null) {
            return number(c[bp], t.columns().get(bp)) - number(c[rp], t.columns().get(rp));
        }
        return Double.NaN;
    }

    private static int find(RawTable t, List<String> names, List<String> ucds) {
        int i = t.column(names);
        return i >= 0 || ucds.isEmpty() ? i : t.columnByUcd(ucds);
    }

    private static double number(String s, String column) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new NumberFormatException(column + " '" + s + "' is not a number");
        }
    }

    /** Epochs come as 2016.0, J2016.0 or J2016. */
    private static double epochValue(String s, String column) {
        String v = s.startsWith("J") || s.startsWith("j") ? s.substring(1) : s;
        return number(v, column);
    }
}
