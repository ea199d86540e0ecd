package org.skysift.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/** Reads catalogues written by the extract command back into columns of doubles (NaN = empty/null). */
final class Catalogs {
    private Catalogs() {}

    /** Column name to values, in file order. */
    static Map<String, double[]> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] names = lines.get(0).split(",");
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, new double[lines.size() - 1]);
        }
        for (int r = 1; r < lines.size(); r++) {
            String[] f = lines.get(r).split(",", -1);
            if (f.length != names.length) {
                throw new IllegalStateException(file + " line " + (r + 1) + ": " + f.length + " fields, header has "
                        + names.length);
            }
            for (int k = 0; k < names.length; k++) {
                out.get(names[k])[r - 1] = f[k].isEmpty() ? Double.NaN : Double.parseDouble(f[k]);
            }
        }
        return out;
    }

    /** Column name to values, plus the Parquet type of each column under "type:" + name (0 int, 1 double). */
    static Map<String, double[]> parquet(Path file) throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(g);
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        for (Type t : rows.get(0).getType().getFields()) {
            String name = t.getName();
            boolean isInt = t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
            double[] v = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                Group g = rows.get(r);
                v[r] = g.getFieldRepetitionCount(name) == 0 ? Double.NaN
                        : isInt ? g.getInteger(name, 0) : g.getDouble(name, 0);
            }
            out.put(name, v);
            out.put("type:" + name, new double[] {isInt ? 0 : 1});
        }
        return out;
    }
}
