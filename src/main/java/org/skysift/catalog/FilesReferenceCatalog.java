package org.skysift.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.skysift.config.ConfigException;
import org.skysift.io.Csv;
import org.skysift.io.HadoopFiles;

/**
 * A reference catalog from a CSV or Parquet file (or a folder of Parquet parts) on a Hadoop path,
 * with columns id, ra, dec and optionally mag, pmra, pmdec (mas/yr, pmra including cos(dec)) and
 * epoch (Julian years of the positions). Loaded once per JVM and kept in memory: meant for
 * catalogs that fit in an executor; larger ones need the distributed match.
 */
public final class FilesReferenceCatalog implements ReferenceCatalog {
    private static final Map<String, StarTable> LOADED = new ConcurrentHashMap<>();

    private final StarTable table;

    private FilesReferenceCatalog(StarTable table) {
        this.table = table;
    }

    public static FilesReferenceCatalog open(String uri, Configuration conf) {
        return new FilesReferenceCatalog(LOADED.computeIfAbsent(uri, u -> {
            try {
                return new StarTable(load(u, conf));
            } catch (IOException e) {
                throw new ConfigException("reference.path " + u + ": cannot be read: " + e.getMessage(), e);
            }
        }));
    }

    public int size() {
        return table.size();
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public List<RefStar> cone(double ra, double dec, double radiusDeg) {
        return table.cone(ra, dec, radiusDeg);
    }

    static List<RefStar> load(String uri, Configuration conf) throws IOException {
        Path p = HadoopFiles.path(uri);
        FileSystem fs = HadoopFiles.fs(p, conf);
        if (!fs.exists(p)) {
            throw new ConfigException("reference.path " + uri + ": no such file");
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (fs.getFileStatus(p).isDirectory()) {
            List<RefStar> all = new ArrayList<>();
            for (FileStatus st : fs.listStatus(p)) {
                if (st.getPath().getName().endsWith(".parquet")) {
                    all.addAll(readParquet(st.getPath(), conf));
                }
            }
            return all;
        }
        if (lower.endsWith(".parquet")) {
            return readParquet(p, conf);
        }
        return readCsv(uri, conf);
    }

    private static List<RefStar> readCsv(String uri, Configuration conf) throws IOException {
        Csv.Table t = Csv.read(uri, conf, "reference.path");
        Integer id = t.column("id"), ra = t.column("ra"), dec = t.column("dec"), mag = t.column("mag");
        Integer pmra = t.column("pmra"), pmdec = t.column("pmdec"), epoch = t.column("epoch");
        Integer colour = t.column("bp_rp") != null ? t.column("bp_rp") : t.column("colour");
        if (ra == null || dec == null) {
            throw new ConfigException("reference.path " + uri + ": header needs columns ra and dec (and id, mag)");
        }
        List<RefStar> out = new ArrayList<>(t.rows().size());
        for (Csv.Row row : t.rows()) {
            String raS = Csv.field(row, ra), decS = Csv.field(row, dec), magS = Csv.field(row, mag);
            String pmraS = Csv.field(row, pmra), pmdecS = Csv.field(row, pmdec), epochS = Csv.field(row, epoch);
            String colourS = Csv.field(row, colour);
            double r, d, m, pa, pd, ep, col;
            try {
                r = Double.parseDouble(raS);
                d = Double.parseDouble(decS);
                m = optional(magS);
                pa = optional(pmraS);
                pd = optional(pmdecS);
                ep = optional(epochS);
                col = optional(colourS);
            } catch (NumberFormatException e) {
                throw new ConfigException("reference.path " + uri + " line " + row.line()
                        + ": ra/dec/mag/pmra/pmdec/epoch/colour must be numbers (got '" + raS + "', '" + decS + "', '"
                        + magS + "', '" + pmraS + "', '" + pmdecS + "', '" + epochS + "', '" + colourS + "')");
            }
            if (!(r >= 0 && r < 360 && d >= -90 && d <= 90)) {
                throw new ConfigException("reference.path " + uri + " line " + row.line()
                        + ": ra " + raS + " / dec " + decS + " out of range");
            }
            String idS = id == null ? Long.toString(row.line()) : Csv.field(row, id);
            out.add(new RefStar(idS, r, d, m, pa, pd, ep, col));
        }
        return out;
    }

    private static double optional(String s) {
        return s.isBlank() ? Double.NaN : Double.parseDouble(s.trim());
    }

    static List<RefStar> readParquet(Path p, Configuration conf) throws IOException {
        List<RefStar> out = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), p).withConf(conf).build()) {
            Group g;
            long row = 0;
            while ((g = reader.read()) != null) {
                row++;
                double ra = number(g, "ra", p, row);
                double dec = number(g, "dec", p, row);
                double mag = optionalNumber(g, "mag", p, row);
                double pmra = optionalNumber(g, "pmra", p, row);
                double pmdec = optionalNumber(g, "pmdec", p, row);
                double epoch = optionalNumber(g, "epoch", p, row);
                double colour = g.getType().containsField("bp_rp") ? optionalNumber(g, "bp_rp", p, row)
                        : optionalNumber(g, "colour", p, row);
                String id = g.getType().containsField("id") && g.getFieldRepetitionCount("id") > 0
                        ? g.getValueToString(g.getType().getFieldIndex("id"), 0) : Long.toString(row);
                out.add(new RefStar(id, ra, dec, mag, pmra, pmdec, epoch, colour));
            }
        }
        return out;
    }

    private static double optionalNumber(Group g, String field, Path p, long row) {
        return g.getType().containsField(field) && g.getFieldRepetitionCount(field) > 0
                ? number(g, field, p, row) : Double.NaN;
    }

    private static double number(Group g, String field, Path p, long row) {
        if (!g.getType().containsField(field) || g.getFieldRepetitionCount(field) == 0) {
            throw new ConfigException("reference.path " + p + " row " + row + ": column " + field + " missing or null");
        }
        Type t = g.getType().getType(field);
        PrimitiveType.PrimitiveTypeName n = t.asPrimitiveType().getPrimitiveTypeName();
        return switch (n) {
            case DOUBLE -> g.getDouble(field, 0);
            case FLOAT -> g.getFloat(field, 0);
            case INT32 -> g.getInteger(field, 0);
            case INT64 -> g.getLong(field, 0);
            default -> throw new ConfigException("reference.path " + p + ": column " + field + " is " + n + ", not a number");
        };
    }
}
