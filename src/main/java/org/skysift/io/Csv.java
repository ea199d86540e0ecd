package org.skysift.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Minimal RFC 4180 reading: a header row, comma-separated fields, double quotes for fields with commas. */
public final class Csv {
    private Csv() {}

    /** One data row with its 1-based line number in the file. */
    public record Row(long line, List<String> fields) {}

    /** A parsed file: lower-cased header names to column index, and the data rows (blank lines dropped). */
    public record Table(Map<String, Integer> columns, List<Row> rows) {
        public Integer column(String name) {
            return columns.get(name);
        }
    }

    /**
     * Reads a CSV on a Hadoop path; failures become ConfigException naming the config key and file.
     */
    public static Table read(String uri, org.apache.hadoop.conf.Configuration conf, String key) {
        try (BufferedReader r = HadoopFiles.reader(uri, conf)) {
            return read(r, uri);
        } catch (IOException e) {
            throw new org.skysift.config.ConfigException(key + " " + uri + ": cannot be read: " + e.getMessage(), e);
        }
    }

    public static Table read(BufferedReader in, String name) throws IOException {
        String header = in.readLine();
        long line = 1;
        while (header != null && (header.isBlank() || header.startsWith("#"))) {
            header = in.readLine();
            line++;
        }
        if (header == null) {
            throw new IOException(name + ": empty file, expected a header row");
        }
        Map<String, Integer> cols = new HashMap<>();
        List<String> names = split(header.replace("\uFEFF", ""));
        for (int i = 0; i < names.size(); i++) {
            cols.putIfAbsent(names.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        List<Row> rows = new ArrayList<>();
        String s;
        while ((s = in.readLine()) != null) {
            line++;
            if (s.isBlank() || s.startsWith("#")) {
                continue;
            }
            rows.add(new Row(line, split(s)));
        }
        return new Table(cols, rows);
    }

    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    public static String field(Row row, Integer col) {
        return col == null || col >= row.fields().size() ? "" : row.fields().get(col);
    }
}
