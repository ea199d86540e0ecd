package org.skysift.match.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.skysift.config.ConfigException;
import org.skysift.match.CrossMatcher;
import org.skysift.match.HealpixMargins;
import org.skysift.match.MatchMode;
import org.skysift.match.MatchResult;
import org.skysift.match.SkyIndex;

/**
 * Catalogue-scale cross-match on Spark, one call with a radius and a mode (after AXS). Rows are
 * keyed by HEALPix pixel ({@link HealpixMargins}): each row of the "home" side goes to its own
 * pixel, each row of the "visiting" side also to the neighbouring pixels its match disc may
 * reach. One shuffle brings a pixel's rows together, sorted by pixel, and each pixel is matched in
 * memory by {@link CrossMatcher}. Every pair is found exactly once, in the home row's pixel, so
 * the answer equals a brute-force match of the whole catalogues.
 *
 * <p>Home is the left side, except for 2not1 where the roles swap (a right row is unmatched only
 * if no left row anywhere is near it, which its own pixel and margins decide). Ties in best mode
 * go to the smallest right id, so results do not depend on shuffle order.
 *
 * <p>Output columns: {@code left_id, right_id, sep_arcsec} (best, all), {@code left_id} (1not2),
 * {@code right_id} (2not1); ids keep their type (integers become long, strings stay strings).
 */
public final class CatalogMatch {
    private CatalogMatch() {}

    /** Names of the id, RA and Dec columns (RA/Dec in degrees). */
    public record Columns(String id, String ra, String dec) implements Serializable {
        public static final Columns DEFAULT = new Columns("id", "ra", "dec");

        /** "id,ra,dec" style: three column names separated by commas. */
        public static Columns parse(String spec) {
            String[] p = spec == null ? new String[0] : spec.split(",", -1);
            if (p.length != 3 || Arrays.stream(p).anyMatch(s -> s.isBlank())) {
                throw new ConfigException("columns '" + spec + "': expected three names ID,RA,DEC, e.g. source_id,ra,dec");
            }
            return new Columns(p[0].trim(), p[1].trim(), p[2].trim());
        }
    }

    /**
     * @param partitionOrder HEALPix order of the match pixels (5: 12,288 pixels of 3.4 deg^2); lowered
     *                       automatically when the radius is large
     * @param partitions     Spark partitions of the shuffle; 0 = spark.sql.shuffle.partitions
     */
    public record Options(int partitionOrder, int partitions) implements Serializable {
        public static final Options DEFAULT = new Options(5, 0);
    }

    public static Dataset<Row> match(Dataset<Row> left, Dataset<Row> right, double radiusArcsec, MatchMode mode) {
        return match(left, Columns.DEFAULT, right, Columns.DEFAULT, radiusArcsec, mode, Options.DEFAULT);
    }

    public static Dataset<Row> match(Dataset<Row> left, Columns leftCols, Dataset<Row> right, Columns rightCols,
                                     double radiusArcsec, MatchMode mode, Options options) {
        if (!(radiusArcsec > 0) || Double.isInfinite(radiusArcsec)) {
            throw new ConfigException("match radius " + radiusArcsec + " arcsec: must be > 0");
        }
        HealpixMargins margins;
        try {
            margins = new HealpixMargins(options.partitionOrder(), radiusArcsec);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        DataType leftId = idType(left, leftCols, "left");
        DataType rightId = idType(right, rightCols, "right");
        boolean swap = mode == MatchMode.TWO_NOT_ONE;
        Side home = new Side(swap ? "right" : "left", swap ? rightCols : leftCols, swap ? rightId : leftId);
        Side visitor = new Side(swap ? "left" : "right", swap ? leftCols : rightCols, swap ? leftId : rightId);
        MatchMode inner = swap ? MatchMode.ONE_NOT_TWO : mode;

        StructType keyed = new StructType()
                .add("side", DataTypes.IntegerType, false)
                .add("pix", DataTypes.LongType, false)
                .add("ra", DataTypes.DoubleType, false)
                .add("dec", DataTypes.DoubleType, false)
                .add("hid", home.idType, true)
                .add("vid", visitor.idType, true);
        Dataset<Row> h = home.select(swap ? right : left)
                .map(new HomeKey(margins, home.name), Encoders.row(keyed));
        Dataset<Row> v = visitor.select(swap ? left : right)
                .flatMap(new VisitorKeys(margins, visitor.name), Encoders.row(keyed));
        int partitions = options.partitions() > 0 ? options.partitions()
                : Integer.parseInt(left.sparkSession().conf().get("spark.sql.shuffle.partitions"));

        StructType out = outputSchema(mode, leftId, rightId);
        return h.union(v)
                .repartition(partitions, col("pix"))
                .sortWithinPartitions(col("pix"), col("side"))
                .mapPartitions(new PixelMatch(inner, radiusArcsec), Encoders.row(out));
    }

    static StructType outputSchema(MatchMode mode, DataType leftId, DataType rightId) {
        return switch (mode) {
            case BEST, ALL -> new StructType()
                    .add("left_id", leftId, false)
                    .add("right_id", rightId, false)
                    .add("sep_arcsec", DataTypes.DoubleType, false);
            case ONE_NOT_TWO -> new StructType().add("left_id", leftId, false);
            case TWO_NOT_ONE -> new StructType().add("right_id", rightId, false);
        };
    }

    /** long for integer ids, string for string ids; anything else is an input error. */
    static DataType idType(Dataset<Row> d, Columns c, String side) {
        StructField id = field(d, c.id(), side, "id");
        field(d, c.ra(), side, "RA");
        field(d, c.dec(), side, "Dec");
        DataType t = id.dataType();
        if (t == DataTypes.LongType || t == DataTypes.IntegerType || t == DataTypes.ShortType || t == DataTypes.ByteType) {
            return DataTypes.LongType;
        }
        if (t == DataTypes.StringType) {
            return DataTypes.StringType;
        }
        throw new ConfigException(side + " input: id column '" + c.id() + "' is " + t.simpleString() + "; expected an integer or a string");
    }

    private static StructField field(Dataset<Row> d, String name, String side, String what) {
        for (StructField f : d.schema().fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new ConfigException(side + " input has no " + what + " column '" + name + "' (columns: "
                + String.join(", ", d.columns()) + ")");
    }

    private record Side(String name, Columns cols, DataType idType) {
        Dataset<Row> select(Dataset<Row> d) {
            return d.select(col(cols.id()).cast(idType).as("id"), col(cols.ra()).cast("double").as("ra"),
                    col(cols.dec()).cast("double").as("dec"));
        }
    }

    /** Position of a (id, ra, dec) row after checks that name the side and the row. */
    private static void check(Row r, String side) {
        Object id = r.get(0);
        if (id == null) {
            throw new ConfigException(side + " input: a row has no id (ra " + r.get(1) + ", dec " + r.get(2) + ")");
        }
        if (r.isNullAt(1) || !Double.isFinite(r.getDouble(1))) {
            throw new ConfigException(side + " input: row id " + id + ": ra is missing or not a number");
        }
        if (r.isNullAt(2) || !(Math.abs(r.getDouble(2)) <= 90)) {
            throw new ConfigException(side + " input: row id " + id + ": dec " + (r.isNullAt(2) ? "is missing or not a number"
                    : r.getDouble(2) + " is outside [-90, 90]"));
        }
    }

    private static final class HomeKey implements MapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final HealpixMargins margins;
        private final String side;

        HomeKey(HealpixMargins margins, String side) {
            this.margins = margins;
            this.side = side;
        }

        @Override
        public Row call(Row r) {
            check(r, side);
            double ra = r.getDouble(1), dec = r.getDouble(2);
            return RowFactory.create(0, margins.home(ra, dec), ra, dec, r.get(0), null);
        }
    }

    private static final class VisitorKeys implements FlatMapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final HealpixMargins margins;
        private final String side;

        VisitorKeys(HealpixMargins margins, String side) {
            this.margins = margins;
            this.side = side;
        }

        @Override
        public Iterator<Row> call(Row r) {
            check(r, side);
            double ra = r.getDouble(1), dec = r.getDouble(2);
            long[] pix = new long[9];
            int n = margins.visits(ra, dec, pix);
            if (n == 1) {
                return Collections.singletonList(RowFactory.create(1, pix[0], ra, dec, null, r.get(0))).iterator();
            }
            List<Row> out = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                out.add(RowFactory.create(1, pix[k], ra, dec, null, r.get(0)));
            }
            return out.iterator();
        }
    }

    /** Walks a partition sorted by (pix, side) one pixel at a time and matches each pixel in memory. */
    private static final class PixelMatch implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final MatchMode mode;
        private final double radiusArcsec;

        PixelMatch(MatchMode mode, double radiusArcsec) {
            this.mode = mode;
            this.radiusArcsec = radiusArcsec;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Groups(rows, mode, radiusArcsec);
        }
    }

    private static final class Groups implements Iterator<Row> {
        private final Iterator<Row> in;
        private final MatchMode mode;
        private final double radiusArcsec;
        private final ArrayDeque<Row> out = new ArrayDeque<>();
        private Row pending;
        private final Points home = new Points(), visitors = new Points();

        Groups(Iterator<Row> in, MatchMode mode, double radiusArcsec) {
            this.in = in;
            this.mode = mode;
            this.radiusArcsec = radiusArcsec;
        }

        @Override
        public boolean hasNext() {
            while (out.isEmpty() && (pending != null || in.hasNext())) {
                nextPixel();
            }
            return !out.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.poll();
        }

        private void nextPixel() {
            home.clear();
            visitors.clear();
            Row r = pending != null ? pending : in.next();
            pending = null;
            long pix = r.getLong(1);
            while (true) {
                if (r.getInt(0) == 0) {
                    home.add(r.get(4), r.getDouble(2), r.getDouble(3));
                } else {
                    visitors.add(r.get(5), r.getDouble(2), r.getDouble(3));
                }
                if (!in.hasNext()) {
                    break;
                }
                r = in.next();
                if (r.getLong(1) != pix) {
                    pending = r;
                    break;
                }
            }
            if (home.n == 0) {
                return;
            }
            if (mode == MatchMode.BEST) {
                visitors.sortById(); // nearest-match ties go to the lowest index, now the smallest id
            }
            SkyIndex index = new SkyIndex(visitors.raArray(), visitors.decArray(), radiusArcsec);
            if (mode == MatchMode.ONE_NOT_TWO) {
                for (int i : CrossMatcher.unmatched(index, home.raArray(), home.decArray())) {
                    out.add(RowFactory.create(home.ids.get(i)));
                }
                return;
            }
            MatchResult m = CrossMatcher.pairs(index, home.raArray(), home.decArray(), mode);
            for (int k = 0; k < m.size(); k++) {
                out.add(RowFactory.create(home.ids.get(m.left()[k]), visitors.ids.get(m.right()[k]), m.sepArcsec()[k]));
            }
        }
    }

    /** Growable columns of one pixel's rows of one side, reused from pixel to pixel. */
    private static final class Points {
        final ArrayList<Object> ids = new ArrayList<>();
        double[] ra = new double[64], dec = new double[64];
        int n;

        void clear() {
            ids.clear();
            n = 0;
        }

        void add(Object id, double r, double d) {
            if (n == ra.length) {
                ra = Arrays.copyOf(ra, 2 * n);
                dec = Arrays.copyOf(dec, 2 * n);
            }
            ids.add(id);
            ra[n] = r;
            dec[n++] = d;
        }

        double[] raArray() {
            return Arrays.copyOf(ra, n);
        }

        double[] decArray() {
            return Arrays.copyOf(dec, n);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        void sortById() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> ((Comparable) ids.get(a)).compareTo(ids.get(b)));
            double[] r2 = new double[ra.length], d2 = new double[dec.length];
            List<Object> id2 = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                r2[k] = ra[order[k]];
                d2[k] = dec[order[k]];
                id2.add(ids.get(order[k]));
            }
            ra = r2;
            dec = d2;
            ids.clear();
            ids.addAll(id2);
        }
    }
}
