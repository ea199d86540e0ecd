package org.skysift.catalog;

import java.util.List;
import java.util.Locale;

/**
 * A catalogue answer before interpretation: column names (with units and UCDs where the format
 * has them) and rows of trimmed text cells, null for a blank. Rows keep the line (TSV) or row
 * number (VOTable) they came from, and {@code problems} lists the rows that could not be split
 * into cells, each naming its line.
 */
public record RawTable(String origin, List<String> columns, List<String> units, List<String> ucds,
                       List<Row> rows, List<String> problems, boolean overflow) {

    /** One row: where it came from and one cell per column. */
    public record Row(long line, String[] cells) {}

    /** Index of the first of {@code names} that is a column (case-insensitive), or -1. */
    public int column(List<String> names) {
        for (String n : names) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).equalsIgnoreCase(n)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Index of the first column whose UCD starts with one of {@code prefixes} (case-insensitive), or -1. */
    public int columnByUcd(List<String> prefixes) {
        for (String p : prefixes) {
            String lp = p.toLowerCase(Locale.ROOT);
            for (int i = 0; i < ucds.size(); i++) {
                String u = ucds.get(i);
                if (u != null && u.toLowerCase(Locale.ROOT).startsWith(lp)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
