package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.skysift.acquire.TileRequest;
import org.skysift.config.ConfigException;
import org.skysift.io.Csv;
import org.skysift.io.HadoopFiles;
import org.skysift.sky.Healpix;
import org.skysift.sky.Tile;

/**
 * image.list: a CSV with columns path, ra, dec; each listed image is one tile centred there, with
 * the CSV line number as tile id. Relative paths are resolved against the list's folder.
 */
final class ImageList {
    private ImageList() {}

    record Entry(TileWork work, TargetRow target) {}

    static List<Entry> read(String listUri, double tileArcmin, int healpixOrder, Configuration conf, InputProblems problems) {
        Csv.Table table = Csv.read(listUri, conf, "image.list");
        Integer pathCol = table.column("path"), raCol = table.column("ra"), decCol = table.column("dec");
        if (pathCol == null || raCol == null || decCol == null) {
            throw new ConfigException("image.list " + listUri + ": header needs columns path, ra, dec");
        }
        List<Entry> out = new ArrayList<>();
        for (Csv.Row row : table.rows()) {
            String where = listUri + " line " + row.line();
            String p = Csv.field(row, pathCol);
            double ra, dec;
            try {
                ra = Double.parseDouble(Csv.field(row, raCol));
                dec = Double.parseDouble(Csv.field(row, decCol));
            } catch (NumberFormatException e) {
                problems.add(where + ": ra/dec not numbers");
                continue;
            }
            if (p.isEmpty() || !(ra >= 0 && ra < 360) || !(dec >= -90 && dec <= 90)) {
                problems.add(where + ": " + (p.isEmpty() ? "missing path" : "ra/dec out of range"));
                continue;
            }
            String uri;
            try {
                uri = HadoopFiles.resolveAgainst(listUri, p);
            } catch (IllegalArgumentException e) {
                // Hadoop cannot make a path of it, e.g. "12:30:00" reads as a scheme
                problems.add(where + ": path '" + p + "' is not a usable path (" + e.getMessage() + ")");
                continue;
            }
            Tile tile = new Tile(row.line(), ra, dec, tileArcmin, tileArcmin);
            TileRequest req = new TileRequest(tile, uri);
            out.add(new Entry(new TileWork(req, 1),
                    new TargetRow(row.line(), null, ra, dec, row.line(), Healpix.angToNest(healpixOrder, ra, dec), "image_list", row.line())));
        }
        if (out.isEmpty()) {
            throw new ConfigException("image.list " + listUri + ": no valid row");
        }
        return out;
    }
}
