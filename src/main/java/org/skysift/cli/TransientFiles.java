package org.skysift.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.skysift.epochs.Transient;

/**
 * The transients of {@code skysift diff} as CSV or Parquet (by the name's extension, as
 * {@link CatalogFiles}): kind as text, then numbers; NaN is an empty field / null.
 */
final class TransientFiles {
    private TransientFiles() {}

    private record Column(String name, String format, ToDoubleFunction<Transient> value) {}

    static final List<Column> COLUMNS = List.of(
            new Column("ra", "%.7f", Transient::ra),
            new Column("dec", "%.7f", Transient::dec),
            new Column("x", "%.3f", Transient::x),
            new Column("y", "%.3f", Transient::y),
            new Column("snr", "%.3f", Transient::snr),
            new Column("flux_diff", "%.6g", Transient::fluxDiff),
            new Column("flux_diff_err", "%.6g", Transient::fluxDiffErr),
            new Column("flux_ref", "%.6g", Transient::fluxRef),
            new Column("flux_ref_err", "%.6g", Transient::fluxRefErr),
            new Column("flux_new", "%.6g", Transient::fluxNew),
            new Column("flux_new_err", "%.6g", Transient::fluxNewErr));

    static void write(List<Transient> rows, Path out) throws IOException {
        CatalogFiles.Format format = CatalogFiles.formatOf(out);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (format == CatalogFiles.Format.CSV) {
            csv(rows, out);
        } else {
            parquet(rows, out);
        }
    }

    private static void csv(List<Transient> rows, Path out) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder("kind");
            COLUMNS.forEach(c -> line.append(',').append(c.name()));
            w.println(line);
            for (Transient t : rows) {
                line.setLength(0);
                line.append(t.kind().label());
                for (Column c : COLUMNS) {
                    line.append(',');
                    double v = c.value().applyAsDouble(t);
                    if (Double.isFinite(v)) {
                        line.append(String.format(Locale.ROOT, c.format(), v));
                    }
                }
                w.println(line);
            }
        }
    }

    /** Written through the raw local file system, as CatalogFiles does, so no .crc file appears. */
    private static void parquet(List<Transient> rows, Path out) throws IOException {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("kind");
        COLUMNS.forEach(c -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name()));
        MessageType schema = b.named("skysift_transients");
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(out.toAbsolutePath()
                        .toUri())).withConf(conf).withType(schema).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (Transient t : rows) {
                Group g = groups.newGroup();
                g.append("kind", t.kind().label());
                for (Column c : COLUMNS) {
                    double v = c.value().applyAsDouble(t);
                    if (Double.isFinite(v)) {
                        g.append(c.name(), v);
                    }
                }
                w.write(g);
            }
        }
    }
}
