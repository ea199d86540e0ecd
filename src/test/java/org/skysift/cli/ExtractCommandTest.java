package org.skysift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.testing.SharedData;

class ExtractCommandTest {
    @Test
    void extractsTheM101PlateWithSkyPositions(@TempDir Path dir) throws Exception {
        Path fits = SharedData.require("dss/dss1red_POSSI-E_XE133_M101.fits");
        Path out = dir.resolve("m101.csv");
        int code = SkySift.execute("extract", "--image", fits.toString(), "--out", out.toString(),
                "--set", "extract.detect_thresh=3", "--set", "extract.deblend_mincont=0.01");
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(out);
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).contains("X_IMAGE", "XWIN_IMAGE", "ALPHA_J2000", "DELTA_J2000", "FLUX_AUTO", "MAG_AUTO",
                "FLUX_APER_2", "SNR_WIN", "FLAGS");
        assertThat(lines.size()).isGreaterThan(100);
        int x = header.indexOf("X_IMAGE"), y = header.indexOf("Y_IMAGE");
        int ra = header.indexOf("ALPHA_J2000"), dec = header.indexOf("DELTA_J2000");
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            assertThat(f).hasSize(header.size());
            double px = Double.parseDouble(f[x]), py = Double.parseDouble(f[y]);
            assertThat(px).isBetween(0.5, 530.5);
            assertThat(py).isBetween(0.5, 530.5);
            // the plate spans about 210.59..211.01 in RA and 54.22..54.47 in Dec (data/README.md)
            assertThat(Double.parseDouble(f[ra])).isCloseTo(210.80, within(0.25));
            assertThat(Double.parseDouble(f[dec])).isCloseTo(54.35, within(0.15));
        }
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheProblem(@TempDir Path dir) {
        java.io.PrintStream err = System.err;
        assertThat(SkySift.execute("extract", "--image", dir.resolve("none.fits").toString(), "--out",
                dir.resolve("a.csv").toString())).isEqualTo(SkySift.BAD_INPUT);
        assertThat(SkySift.execute("extract", "--image", "x.fits", "--out", dir.resolve("a.parquet").toString()))
                .isEqualTo(SkySift.BAD_INPUT);
        assertThat(SkySift.execute("extract", "--image", "x.fits", "--out", dir.resolve("a.csv").toString(),
                "--set", "extract.deblend_mincont=2")).isEqualTo(SkySift.BAD_INPUT);
        System.setErr(err);
    }
}
