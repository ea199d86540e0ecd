package org.skysift.report.html;

import java.util.Iterator;
import java.util.List;

/**
 * Rows for one of the page's interactive tables, streamed into its JSON block (never held as a
 * whole). Values are Long, Integer, Double, Boolean, String or null, one per column.
 */
public record DataTable(List<Column> columns, Iterator<Object[]> rows) {
    /** How the page shows a column: num (right-aligned, digits decimals), text, tile (link to its row), img, bool, status. */
    public record Column(String key, String label, String type, int digits, String title) {
        public static Column num(String key, String label, int digits, String title) {
            return new Column(key, label, "num", digits, title);
        }

        public static Column of(String key, String label, String type, String title) {
            return new Column(key, label, type, 0, title);
        }
    }
}
