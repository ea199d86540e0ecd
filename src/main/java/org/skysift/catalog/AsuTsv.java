package org.skysift.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads VizieR's tab-separated answer ({@code asu-tsv}): lines starting with '#' are comments
 * (the {@code #Column} ones carry each column's UCD), then a header row of column names, a units
 * row, a row of dashes, and tab-separated data rows whose cells are padded with blanks; an empty
 * cell is null. A row with the wrong number of cells is listed in {@code problems} with its line
 * number and skipped; an answer with no table at all is an empty table.
 */
public final class AsuTsv {
    private static final Pattern COLUMN_UCD = Pattern.compile("\\[ucd=([^\\]]+)]");

    private AsuTsv() {}

    private enum State { HEADER, UNITS, DASHES, DATA, BETWEEN, SKIP }

    public static RawTable parse(String text, String origin) throws IOException {
        String head = text.stripLeading();
        if (head.startsWith("<")) {
            throw new IOException(origin + ": not a tab-separated answer (starts with '"
                    + head.substring(0, Math.min(60, head.length())).replace('\n', ' ') + "')");
        }
        List<String> columns = List.of();
        List<String> units = List.of();
        List<String> ucdByName = new ArrayList<>(); // "name\tucd" pairs from #Column lines
        List<RawTable.Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean overflow = false;
        State state = State.HEADER;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            long lineNo = i + 1L;
            String line = lines[i];
            if (line.startsWith("#")) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("#INFO") && upper.contains("QUERY_STATUS") && upper.contains("ERROR")) {
                    throw new IOException(origin + " line " + lineNo + ": the service reports an error: " + line.substring(1).trim());
                }
                if (upper.startsWith("#INFO") && (upper.contains("OVERFLOW") || upper.contains("TRUNCATED"))) {
                    overflow = true;
                }
                if (line.startsWith("#Column")) {
                    String[] f = line.split("\t");
                    Matcher m = COLUMN_UCD.matcher(line);
                    if (f.length > 1 && m.find()) {
                        ucdByName.add(f[1].trim() + "\t" + m.group(1).trim());
                    }
                }
                if (state == State.DATA) {
                    state = State.BETWEEN;
                }
                continue;
            }
            if (line.isEmpty() || (line.isBlank() && line.indexOf('\t') < 0)) {
                if (state == State.DATA || state == State.SKIP) {
                    state = State.BETWEEN;
                }
                continue;
            }
            String[] cells = line.split("\t", -1);
            switch (state) {
                case HEADER -> {
                    columns = trimmed(cells);
                    state = State.UNITS;
                }
                case UNITS -> {
                    if (isDashes(cells)) {
                        units = new ArrayList<>(java.util.Collections.nCopies(columns.size(), (String) null));
                        state = State.DATA;
                    } else {
                        units = trimmed(cells);
                        state = State.DASHES;
                    }
                }
                case DASHES -> {
                    if (!isDashes(cells)) {
                        throw new IOException(origin + " line " + lineNo + ": expected the row of dashes under the"
                                + " header and units, got '" + abbreviate(line) + "'");
                    }
                    state = State.DATA;
                }
                case BETWEEN -> {
                    // A further table: same columns continue the answer, others are not ours.
                    if (trimmed(cells).equals(columns)) {
                        state = State.UNITS;
                    } else {
                        problems.add(origin + " line " + lineNo + ": a second table with other columns was ignored");
                        state = State.SKIP;
                    }
                }
                case SKIP -> { }
                case DATA -> {
                    if (cells.length != columns.size()) {
                        problems.add(origin + " line " + lineNo + ": " + cells.length + " cells, expected "
                                + columns.size() + ": '" + abbreviate(line) + "'");
                    } else {
                        String[] values = new String[cells.length];
                        for (int c = 0; c < cells.length; c++) {
                            String v = cells[c].trim();
                            values[c] = v.isEmpty() ? null : v;
                        }
                        rows.add(new RawTable.Row(lineNo, values));
                    }
                }
            }
        }
        if (state == State.UNITS || state == State.DASHES) {
            throw new IOException(origin + ": the answer ends inside the table header (no row of dashes)");
        }
        List<String> ucds = new ArrayList<>();
        for (String c : columns) {
            String ucd = null;
            for (String pair : ucdByName) {
                int tab = pair.indexOf('\t');
                if (pair.substring(0, tab).equals(c)) {
                    ucd = pair.substring(tab + 1);
                    break;
                }
            }
            ucds.add(ucd);
        }
        return new RawTable(origin, columns, units, ucds, rows, problems, overflow);
    }

    private static List<String> trimmed(String[] cells) {
        return Arrays.stream(cells).map(String::trim).toList();
    }

    private static boolean isDashes(String[] cells) {
        boolean any = false;
        for (String c : cells) {
            String t = c.trim();
            for (int i = 0; i < t.length(); i++) {
                if (t.charAt(i) != '-') {
                    return false;
                }
            }
            any |= !t.isEmpty();
        }
        return any;
    }

    private static String abbreviate(String line) {
        String s = line.replace('\t', ' ');
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
