package org.skysift.epochs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.cli.CliRun;
import org.skysift.fits.FitsWriter;

/**
 * skysift diff end to end on a rendered pair written as 16-bit FITS: two changes of each kind; the
 * CSV and the Parquet table hold the same rows, every change is there with its class, and the
 * optional FITS holds D and S_corr.
 */
@Tag("plain")
class DiffCommandTest {
    @TempDir
    static Path dir;
    static Path ref, fresh;
    static List<DiffPairs.Change> changes;

    @BeforeAll
    static void render() throws Exception {
        changes = DiffPairs.changes(2, 8000, 15000, 17);
        ref = write("ref.fits", DiffPairs.reference(DiffPairs.with(changes, false), 5.1, 41));
        fresh = write("new.fits", DiffPairs.fresh(DiffPairs.with(changes, true), 6.0, 42));
    }

    private static Path write(String name, StackFrame f) throws Exception {
        Map<String, Object> cards = new LinkedHashMap<>();
        f.image().header().cards().forEach((k, v) -> {
            if (!Set.of("NAXIS1", "NAXIS2").contains(k)) {
                cards.put(k, k.startsWith("CTYPE") || k.equals("RADESYS") ? v : (Object) Double.parseDouble(v));
            }
        });
        Path p = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(p)) {
            FitsWriter.writeUint16(o, f.image().width(), f.image().height(), f.image().data(), cards);
        }
        return p;
    }

    @Test
    void writesCsvParquetAndFitsWithEveryChangeClassified() throws Exception {
        Path csv = dir.resolve("out/t.csv"), pq = dir.resolve("out/t.parquet"), dfits = dir.resolve("out/d.fits");
        CliRun.Outcome a = CliRun.run("diff", "--reference", ref.toString(), "--new", fresh.toString(), "--out",
                csv.toString(), "--diff-out", dfits.toString());
        System.out.print(a.out());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).containsPattern("S_corr std (0\\.9\\d|1\\.0\\d)").containsPattern("appeared=\\d+, vanished=\\d+,"
                + " brightened=\\d+, faded=\\d+");
        CliRun.Outcome b = CliRun.run("diff", "--reference", ref.toString(), "--new", fresh.toString(), "--out",
                pq.toString(), "--threshold", "5");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(Files.list(dir.resolve("out")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("t.csv", "t.parquet", "d.fits");

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("kind,ra,dec,x,y,snr,flux_diff,flux_diff_err,flux_ref,flux_ref_err,"
                + "flux_new,flux_new_err");
        List<Group> rows = parquet(pq);
        // every injected change is a row (below); false positives near bright stars are DifferencerTest's subject
        assertThat(rows).hasSize(lines.size() - 1).hasSizeGreaterThanOrEqualTo(changes.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            Group g = rows.get(i);
            assertThat(g.getString("kind", 0)).isEqualTo(f[0]);
            assertThat(g.getDouble("x", 0)).isCloseTo(Double.parseDouble(f[3]), within(1e-3));
            assertThat(g.getDouble("flux_diff", 0)).isCloseTo(Double.parseDouble(f[6]),
                    within(1e-5 * Math.abs(g.getDouble("flux_diff", 0))));
        }
        for (DiffPairs.Change c : changes) {
            double[] p = c.refPixel();
            Group hit = rows.stream().filter(g -> Math.hypot(g.getDouble("x", 0) - p[0], g.getDouble("y", 0) - p[1]) < 2)
                    .findFirst().orElseThrow(() -> new AssertionError("not found: " + c));
            assertThat(hit.getString("kind", 0)).isEqualTo(c.kind().label());
            assertThat(hit.getDouble("snr", 0)).isGreaterThanOrEqualTo(5);
            assertThat(hit.getDouble("ra", 0)).isCloseTo(c.ra(), within(1.0 / 3600));
            assertThat(hit.getDouble("dec", 0)).isCloseTo(c.dec(), within(1.0 / 3600));
            assertThat(hit.getDouble("flux_diff", 0)).isCloseTo(c.delta(), within(4 * hit.getDouble("flux_diff_err", 0)
                    + 0.03 * Math.abs(c.delta())));
        }
        try (Fits fits = new Fits(dfits.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertThat(hdus).hasSize(2);
            assertThat(hdus[1].getHeader().getStringValue("EXTNAME")).isEqualTo("SCORR");
            assertThat(hdus[0].getHeader().getDoubleValue("FLUXSCAL")).isCloseTo(1.0, within(0.02));
            assertThat(hdus[0].getHeader().getStringValue("CTYPE1")).isEqualTo("RA---TAN");
        }
    }

    @Test
    void badOutputNameAndMissingWcsAreNamed() throws Exception {
        CliRun.Outcome a = CliRun.run("diff", "--reference", ref.toString(), "--new", fresh.toString(), "--out",
                dir.resolve("t.txt").toString());
        assertThat(a.code()).isNotZero();
        assertThat(a.err()).contains("--out", ".csv or .parquet");
        Path noWcs = dir.resolve("no-wcs.fits");
        try (OutputStream o = Files.newOutputStream(noWcs)) {
            FitsWriter.writeUint16(o, 50, 50, new float[2500], Map.of("GAIN", 1.0));
        }
        CliRun.Outcome b = CliRun.run("diff", "--reference", ref.toString(), "--new", noWcs.toString(), "--out",
                dir.resolve("t2.csv").toString());
        assertThat(b.code()).isNotZero();
        assertThat(b.err()).contains("no-wcs.fits", "no usable WCS");
    }

    private static List<Group> parquet(Path file) throws Exception {
        List<Group> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(g);
            }
        }
        return rows;
    }
}
