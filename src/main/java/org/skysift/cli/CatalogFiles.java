package org.skysift.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.skysift.config.ConfigException;

/** Writes an {@link ExtractCatalog} as CSV or Parquet, chosen by the file name's extension. */
final class CatalogFiles {
    private CatalogFiles() {}

    enum Format { CSV, PARQUET }

    /** The format for an output name; a ConfigException naming --out for anything else. */
    static Format formatOf(Path out) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        throw new ConfigException("--out " + out + ": the catalogue name must end in .csv or .parquet");
    }

    static void write(ExtractCatalog c, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (formatOf(out) == Format.CSV) {
            csv(c, out);
        } else {
            parquet(c, out);
        }
    }

    /** A header line of the column names, then one line per source; missing values are empty fields. */
    static void csv(ExtractCatalog c, Path out) throws IOException {
        List<ExtractCatalog.Column> cols = c.columns();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println(String.join(",", c.names()));
            StringBuilder line = new StringBuilder(1024);
            for (int i = 0; i < c.rows(); i++) {
                line.setLength(0);
                for (int k = 0; k < cols.size(); k++) {
                    if (k > 0) {
                        line.append(',');
                    }
                    ExtractCatalog.Column col = cols.get(k);
                    double v = col.values()[i];
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    if (col.integer()) {
                        line.append((long) v);
                    } else {
                        line.append(String.format(Locale.ROOT, col.format(), v));
                    }
                }
                w.println(line);
            }
        }
    }

    /**
     * One Parquet file, every column optional (null for a missing value): INT32 for the integer
     * columns, DOUBLE for the rest. Written through the raw local file system so that no .crc
     * side file appears next to it.
     */
    static void parquet(ExtractCatalog c, Path out) throws IOException {
        List<ExtractCatalog.Column> cols = c.columns();
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ExtractCatalog.Column col : cols) {
            b.optional(col.integer() ? PrimitiveTypeName.INT32 : PrimitiveTypeName.DOUBLE).named(col.name());
        }
        MessageType schema = b.named("skysift_extract");
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(out.toAbsolutePath().toUri());
        SimpleGroupFactory rows = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(path).withConf(conf).withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (int i = 0; i < c.rows(); i++) {
                Group g = rows.newGroup();
                for (int k = 0; k < cols.size(); k++) {
                    ExtractCatalog.Column col = cols.get(k);
                    double v = col.values()[i];
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    if (col.integer()) {
                        g.append(col.name(), (int) v);
                    } else {
                        g.append(col.name(), v);
                    }
                }
                w.write(g);
            }
        }
    }
}
