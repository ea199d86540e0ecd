package org.skysift.epochs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.cli.CliRun;
import org.skysift.fits.FitsWriter;

/** skysift diff --method alard-lupton on a rendered pair written as 16-bit FITS, and a bad method named. */
@Tag("plain")
class AlardLuptonCommandTest {
    @TempDir
    Path dir;

    @Test
    void alardLuptonMethodFindsEveryChangeAndSaysWhatItConvolved() throws Exception {
        List<DiffPairs.Change> changes = DiffPairs.changes(2, 8000, 15000, 17);
        Path ref = fits(DiffPairs.reference(DiffPairs.with(changes, false), 5.1, 41));
        Path fresh = fits(DiffPairs.fresh(DiffPairs.with(changes, true), 6.0, 42));
        Path csv = dir.resolve("t.csv"), d = dir.resolve("d.fits");
        CliRun.Outcome a = CliRun.run("diff", "--reference", ref.toString(), "--new", fresh.toString(), "--out",
                csv.toString(), "--diff-out", d.toString(), "--method", "alard-lupton");
        System.out.print(a.out());
        assertThat(a.code()).as(a.err()).isZero();
        // the reference (seeing 5.1") is sharper than the new image (6.0"): it is the one convolved
        assertThat(a.out()).contains("Alard-Lupton: convolved the reference image")
                .containsPattern("appeared=2, vanished=2, brightened=2, faded=2");
        List<String> lines = Files.readAllLines(csv);
        for (DiffPairs.Change c : changes) {
            double[] p = c.refPixel();
            String[] hit = lines.stream().skip(1).map(l -> l.split(",", -1))
                    .filter(f -> Math.hypot(Double.parseDouble(f[3]) - p[0], Double.parseDouble(f[4]) - p[1]) < 2)
                    .findFirst().orElseThrow(() -> new AssertionError("not found: " + c + " in " + lines));
            assertThat(hit[0]).isEqualTo(c.kind().label());
            assertThat(Double.parseDouble(hit[6])).isCloseTo(c.delta(), within(4 * Double.parseDouble(hit[7])
                    + 0.03 * Math.abs(c.delta())));
        }
        try (Fits f = new Fits(d.toFile())) {
            BasicHDU<?>[] hdus = f.read();
            assertThat(hdus[0].getHeader().getDoubleValue("FLUXSCAL")).isCloseTo(1.0, within(0.02));
            assertThat(hdus[0].getHeader().getDoubleValue("ALSUMP2")).isBetween(0.005, 0.05);
            assertThat(hdus[0].getHeader().containsKey("ZOGYFS")).isFalse();
        }

        CliRun.Outcome b = CliRun.run("diff", "--reference", ref.toString(), "--new", fresh.toString(), "--out",
                dir.resolve("u.csv").toString(), "--method", "hotpants");
        assertThat(b.code()).isNotZero();
        assertThat(b.err()).contains("hotpants", "use zogy or alard-lupton");
    }

    private Path fits(StackFrame f) throws Exception {
        Map<String, Object> cards = new TreeMap<>();
        for (Map.Entry<String, String> e : f.image().header().cards().entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("NAXIS")) {
                cards.put(k, k.startsWith("CTYPE") || k.equals("RADESYS") ? e.getValue() : Double.valueOf(e.getValue()));
            }
        }
        Path p = dir.resolve(f.name());
        try (OutputStream o = Files.newOutputStream(p)) {
            FitsWriter.writeUint16(o, f.image().width(), f.image().height(), f.image().data(), cards);
        }
        return p;
    }
}
