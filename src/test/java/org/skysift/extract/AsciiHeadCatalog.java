package org.skysift.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A SExtractor ASCII_HEAD catalogue read by column name: header lines "#   3 Y_IMAGE ..." give each
 * column's 1-based index (a vector column such as FLUX_APER(2) takes the index of its first element).
 */
record AsciiHeadCatalog(Map<String, Integer> columns, List<double[]> rows) {

    static AsciiHeadCatalog read(InputStream in, String name) throws IOException {
        Map<String, Integer> cols = new HashMap<>();
        List<double[]> rows = new ArrayList<>();
        int line = 0;
        for (String s : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
            line++;
            if (s.isBlank()) {
                continue;
            }
            if (s.startsWith("#")) {
                String[] f = s.substring(1).trim().split("\\s+");
                cols.put(f[1], Integer.parseInt(f[0]) - 1);
                continue;
            }
            String[] f = s.trim().split("\\s+");
            double[] r = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                try {
                    r[i] = Double.parseDouble(f[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " line " + line + " column " + (i + 1) + ": '" + f[i] + "'");
                }
            }
            rows.add(r);
        }
        return new AsciiHeadCatalog(cols, rows);
    }

    double get(int row, String column) {
        Integer c = columns.get(column);
        if (c == null) {
            throw new IllegalArgumentException("no column " + column + " in the catalogue (has " + columns.keySet() + ")");
        }
        return rows.get(row)[c];
    }

    int size() {
        return rows.size();
    }
}
