package org.skysift.report.hats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Test tables for the HATS writer: healpy's vector positions plus dense clusters that force splits. */
final class HatsTestTables {
    /**
     * A vector row: where it is and the order-29 pixel healpy gives it through ang2pix and through
     * vec2pix; the two differ only for a point exactly on a pixel edge, where either is right.
     */
    record Vector(String kind, double ra, double dec, long healpix29, long healpix29Vec) {
        boolean tie() {
            return healpix29 != healpix29Vec;
        }

        boolean accepts(long got) {
            return got == healpix29 || got == healpix29Vec;
        }
    }

    static final StructType SCHEMA = new StructType()
            .add("tile_id", DataTypes.LongType, false)
            .add("source_id", DataTypes.IntegerType, false)
            .add("ra", DataTypes.DoubleType, false)
            .add("dec", DataTypes.DoubleType, false)
            .add("mag", DataTypes.DoubleType, true)
            .add("flux_aper", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("hp3", DataTypes.LongType, false);

    private HatsTestTables() {}

    static List<Vector> vectors() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                HatsTestTables.class.getResourceAsStream("/hats/healpix29.csv"), StandardCharsets.UTF_8))) {
            List<Vector> out = new ArrayList<>();
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                out.add(new Vector(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tile 1: the healpy vectors (source_id = line number). Tile 2: 600 rows within half a degree of
     * (10, 20). Tile 3: 80 rows within 1" of (200, -30), one order-10 pixel that cannot be split.
     */
    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (Vector v : vectors()) {
            rows.add(row(1, ++i, v.ra(), v.dec()));
        }
        SplittableRandom rnd = new SplittableRandom(88);
        for (int k = 1; k <= 600; k++) {
            rows.add(row(2, k, 10 + rnd.nextDouble(-0.5, 0.5), 20 + rnd.nextDouble(-0.5, 0.5)));
        }
        for (int k = 1; k <= 80; k++) {
            rows.add(row(3, k, 200 + rnd.nextDouble(-1, 1) / 3600, -30 + rnd.nextDouble(-1, 1) / 3600));
        }
        return rows;
    }

    static Dataset<Row> frame(SparkSession spark) {
        return spark.createDataFrame(rows(), SCHEMA).repartition(3);
    }

    private static Row row(long tile, int id, double ra, double dec) {
        return RowFactory.create(tile, id, ra, dec, id % 5 == 0 ? null : 15.0 + id % 10,
                id % 7 == 0 ? null : List.of(id * 1.0, id * 0.5), (long) (id % 4));
    }
}
