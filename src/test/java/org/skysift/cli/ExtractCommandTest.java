package org.skysift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;
import nom.tam.util.FitsOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Tile;
import org.skysift.synth.Realism;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.testing.SharedData;
import org.skysift.testing.StarNnw;

@Tag("plain")
class ExtractCommandTest {
    /** Every column the catalogue promises, SExtractor names (vector parameters suffixed _n). */
    static final List<String> COLUMNS = List.of("NUMBER", "X_IMAGE", "Y_IMAGE", "XWIN_IMAGE", "YWIN_IMAGE",
            "X2_IMAGE", "Y2_IMAGE", "XY_IMAGE", "A_IMAGE", "B_IMAGE", "THETA_IMAGE", "ELONGATION", "ELLIPTICITY",
            "FWHM_IMAGE", "FLUX_ISO", "FLUXERR_ISO", "MAG_ISO", "MAGERR_ISO", "FLUX_APER_1", "FLUXERR_APER_1",
            "MAG_APER_1", "MAGERR_APER_1", "FLUX_APER_2", "FLUX_AUTO", "FLUXERR_AUTO", "MAG_AUTO", "MAGERR_AUTO",
            "FLUX_MAX", "FLUX_RADIUS_1", "KRON_RADIUS", "ISOAREA_IMAGE", "XMIN_IMAGE", "XMAX_IMAGE", "YMIN_IMAGE",
            "YMAX_IMAGE", "SNR_WIN", "BACKGROUND", "FLAGS", "FLUX_PSF", "FLUXERR_PSF", "MAG_PSF", "MAGERR_PSF",
            "XPSF_IMAGE", "YPSF_IMAGE", "SPREAD_MODEL", "SPREADERR_MODEL", "ALPHA_J2000", "DELTA_J2000", "CLASS_STAR");

    static RenderedTile plate;
    static Path plateFile;
    @TempDir
    static Path dir;

    /** A plain 15' synthetic plate (530 x 530 px, ~190 stars) written to a temp FITS file. */
    @BeforeAll
    static void render() throws Exception {
        SkySiftConfig c = ConfigLoader.fromYamlString("synthetic: {seed: 7, vanished_density: 0}");
        SyntheticSky sky = new SyntheticSky(new SkyModel(c.synthetic(), c.image().pixelScaleArcsec()));
        plate = SyntheticRenderer.render(new Tile(11, 150.0, 20.0, 15, 15), sky, Realism.NONE);
        plateFile = dir.resolve("plate.fits");
        Files.write(plateFile, plate.fits());
    }

    @Test
    void csvAndParquetHoldTheSameCatalogueAndFindTheBrightStars() throws Exception {
        Path csv = dir.resolve("out/plate.csv"), pq = dir.resolve("out/plate.parquet");
        assertThat(SkySift.execute("extract", "--image", plateFile.toString(), "--out", csv.toString())).isZero();
        assertThat(SkySift.execute("extract", "--image", plateFile.toString(), "--out", pq.toString())).isZero();
        assertThat(Files.list(csv.getParent()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("plate.csv", "plate.parquet"); // no Hadoop .crc side files
        Map<String, double[]> a = Catalogs.csv(csv), b = Catalogs.parquet(pq);
        assertThat(a.keySet()).containsAll(COLUMNS);
        assertThat(b.keySet()).containsAll(COLUMNS);
        int n = a.get("NUMBER").length;
        assertThat(n).isGreaterThan(100);
        assertThat(b.get("NUMBER")).hasSize(n);
        assertThat(b.get("type:NUMBER")[0]).isZero();
        assertThat(b.get("type:FLAGS")[0]).isZero();
        assertThat(b.get("type:FLUX_PSF")[0]).isOne();
        for (String col : a.keySet()) {
            double[] x = a.get(col), y = b.get(col);
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(x[i])) {
                    assertThat(y[i]).as("%s row %d", col, i + 1).isNaN();
                } else {
                    // the CSV keeps at least 2 decimals or 6 significant digits
                    assertThat(y[i]).as("%s row %d", col, i + 1).isCloseTo(x[i],
                            within(Math.max(0.005, 1e-5 * Math.abs(x[i]))));
                }
            }
        }
        // every unsaturated truth star with more than 20000 counts (SNR > ~100) is found at its position,
        // with its sky position and its PSF flux
        double[] xw = a.get("XWIN_IMAGE"), yw = a.get("YWIN_IMAGE"), ra = a.get("ALPHAWIN_J2000");
        double[] dec = a.get("DELTAWIN_J2000"), fpsf = a.get("FLUX_PSF");
        int checked = 0;
        for (RenderedTile.PlacedStar s : plate.stars()) {
            if (s.saturated() || s.flux() < 20000 || s.x() < 10 || s.y() < 10 || s.x() > plate.width() - 10
                    || s.y() > plate.height() - 10 || brighterNeighbour(s)) {
                continue;
            }
            int best = -1;
            double bd = 1e9;
            for (int i = 0; i < n; i++) {
                double d = Math.hypot(xw[i] - s.x(), yw[i] - s.y());
                if (d < bd) {
                    bd = d;
                    best = i;
                }
            }
            assertThat(bd).as("star at %.1f,%.1f", s.x(), s.y()).isLessThan(0.2);
            assertThat(ra[best]).isCloseTo(s.star().ra(), within(0.3 / 3600 / Math.cos(Math.toRadians(20))));
            assertThat(dec[best]).isCloseTo(s.star().dec(), within(0.3 / 3600));
            assertThat(fpsf[best] / s.flux()).as("FLUX_PSF / truth at %.1f,%.1f", s.x(), s.y())
                    .isCloseTo(1.0, within(0.05));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void classStarIsTheJobsAndCallsBrightStarsStars() throws Exception {
        StarNnw.requireInstalled();
        Path csv = dir.resolve("cs/plate.csv"), off = dir.resolve("cs/off.csv");
        assertThat(SkySift.execute("extract", "--image", plateFile.toString(), "--out", csv.toString())).isZero();
        Map<String, double[]> a = Catalogs.csv(csv);
        double[] cs = a.get("CLASS_STAR"), snr = a.get("SNR_WIN"), flags = a.get("FLAGS");
        // the same numbers the job puts in sources.class_star for this image
        SkySiftConfig cfg = ConfigLoader.load(null, List.of());
        org.skysift.fits.FitsImage img = ImageHdu.read(plateFile, 0);
        ImageExtraction.Result r = ImageExtraction.run(img, cfg);
        double scale = org.skysift.wcs.WcsReader.read(img.header()).wcs().pixelScaleArcsec();
        double[] job = org.skysift.pipeline.Stages.classStar(cfg, r.sources(), r.psf(), scale,
                org.skysift.pipeline.Stages.medianCleanFwhm(r.sources()));
        assertThat(cs).hasSize(job.length);
        for (int i = 0; i < cs.length; i++) {
            assertThat(cs[i]).as("CLASS_STAR row %d", i + 1).isCloseTo(job[i], within(6e-5));
        }
        // the plate holds only stars: the clean bright ones are called stars
        double[] bright = java.util.stream.IntStream.range(0, cs.length).filter(i -> snr[i] > 100 && flags[i] == 0)
                .mapToDouble(i -> cs[i]).sorted().toArray();
        assertThat(bright.length).isGreaterThan(10);
        assertThat(bright[0]).isGreaterThan(0.5);
        assertThat(bright[bright.length / 2]).isGreaterThan(0.9);
        // switched off: the column stays, empty
        assertThat(SkySift.execute("extract", "--image", plateFile.toString(), "--out", off.toString(),
                "--set", "extract.starnnw_name=none")).isZero();
        assertThat(java.util.Arrays.stream(Catalogs.csv(off).get("CLASS_STAR")).allMatch(Double::isNaN)).isTrue();
    }

    private static boolean brighterNeighbour(RenderedTile.PlacedStar s) {
        return plate.stars().stream().anyMatch(o -> o != s && o.flux() > 0.1 * s.flux()
                && Math.hypot(o.x() - s.x(), o.y() - s.y()) < 4 * plate.fwhmPx());
    }

    @Test
    void anImageExtensionGivesTheSameCatalogueAsThePrimaryImage() throws Exception {
        // primary: header only, with INHERIT-able cards; HDU 1: a table; HDU 2: the plate
        Fits src = new Fits(new ByteArrayInputStream(plate.fits()));
        ImageHDU image = (ImageHDU) src.readHDU();
        Fits multi = new Fits();
        BasicHDU<?> primary = BasicHDU.getDummyHDU();
        multi.addHDU(primary);
        multi.addHDU(Fits.makeHDU(BinaryTable.fromColumnMajor(new Object[] {new double[] {1, 2, 3}})));
        ImageHDU ext = new ImageHDU(image.getHeader(), image.getData());
        multi.addHDU(ext);
        Path file = dir.resolve("multi.fits");
        try (FitsOutputStream o = new FitsOutputStream(Files.newOutputStream(file))) {
            multi.write(o);
        }
        Path one = dir.resolve("hdu0.csv"), two = dir.resolve("hdu2.csv");
        assertThat(SkySift.execute("extract", "--image", plateFile.toString(), "--out", one.toString(),
                "--set", "extract.psf_pass=false")).isZero();
        assertThat(SkySift.execute("extract", "--image", file.toString(), "--hdu", "2", "--out", two.toString(),
                "--set", "extract.psf_pass=false")).isZero();
        assertThat(Files.readAllLines(two)).isEqualTo(Files.readAllLines(one));
        Map<String, double[]> c = Catalogs.csv(one);
        assertThat(java.util.Arrays.stream(c.get("FLUX_PSF")).allMatch(Double::isNaN)).as("FLUX_PSF allMatch NaN").isTrue(); // pass 2 off: PSF columns present but empty
        assertThat(java.util.Arrays.stream(c.get("SPREAD_MODEL")).allMatch(Double::isNaN)).as("SPREAD_MODEL allMatch NaN").isTrue();
        assertThat(java.util.Arrays.stream(c.get("FLUX_AUTO")).noneMatch(Double::isNaN)).as("FLUX_AUTO noneMatch NaN").isTrue();

        assertThat(errorOf("extract", "--image", file.toString(), "--hdu", "1", "--out", two.toString()))
                .contains("--hdu 1", "binary table");
        assertThat(errorOf("extract", "--image", file.toString(), "--hdu", "3", "--out", two.toString()))
                .contains("--hdu 3", "only 3 HDUs");
        assertThat(errorOf("extract", "--image", file.toString(), "--hdu", "0", "--out", two.toString()))
                .contains("multi.fits", "NAXIS = 0", "try --hdu 1");
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheProblem() throws Exception {
        Path csv = dir.resolve("bad.csv");
        assertThat(errorOf("extract", "--image", dir.resolve("none.fits").toString(), "--out", csv.toString()))
                .contains("--image", "none.fits", "not found");
        assertThat(errorOf("extract", "--image", plateFile.toString(), "--out", dir.resolve("a.txt").toString()))
                .contains("--out", ".csv or .parquet");
        assertThat(errorOf("extract", "--image", plateFile.toString(), "--hdu", "-1", "--out", csv.toString()))
                .contains("--hdu -1");
        assertThat(errorOf("extract", "--image", plateFile.toString(), "--hdu", "x", "--out", csv.toString()))
                .contains("--hdu");
        assertThat(errorOf("extract", "--image", plateFile.toString(), "--hdu", "1", "--out", csv.toString()))
                .contains("--hdu 1", "only 1 HDU");
        Path text = dir.resolve("text.fits");
        Files.writeString(text, "not a FITS file at all\n".repeat(200));
        assertThat(errorOf("extract", "--image", text.toString(), "--out", csv.toString())).contains("text.fits");
        assertThat(errorOf("extract", "--image", plateFile.toString(), "--out", csv.toString(),
                "--set", "extract.deblend_mincont=2")).contains("deblend_mincont");
        assertThat(csv).doesNotExist();
    }

    @Test
    void extractsTheM101PlateWithSkyPositionsAndPsfColumns() throws Exception {
        Path fits = SharedData.require("dss/dss1red_POSSI-E_XE133_M101.fits");
        Path out = dir.resolve("m101.parquet");
        assertThat(SkySift.execute("extract", "--image", fits.toString(), "--out", out.toString())).isZero();
        Map<String, double[]> c = Catalogs.parquet(out);
        assertThat(c.keySet()).containsAll(COLUMNS);
        double[] x = c.get("X_IMAGE"), ra = c.get("ALPHA_J2000"), dec = c.get("DELTA_J2000");
        assertThat(x.length).isGreaterThan(200);
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i]).isBetween(0.5, 530.5);
            // the plate spans about 210.59..211.01 in RA and 54.22..54.47 in Dec (data/README.md)
            assertThat(ra[i]).isBetween(210.58, 211.02);
            assertThat(dec[i]).isBetween(54.21, 54.48);
        }
        // pass 2 ran: most sources have a PSF flux, and the bright isolated ones sit on the star locus
        long withPsf = java.util.Arrays.stream(c.get("FLUX_PSF")).filter(Double::isFinite).count();
        assertThat(withPsf).isGreaterThan(x.length * 9 / 10);
        double[] snr = c.get("SNR_WIN"), spread = c.get("SPREAD_MODEL"), flags = c.get("FLAGS");
        double[] bright = java.util.stream.IntStream.range(0, x.length)
                .filter(i -> snr[i] > 50 && flags[i] == 0 && Double.isFinite(spread[i]))
                .mapToDouble(i -> spread[i]).sorted().toArray();
        assertThat(bright.length).isGreaterThan(10);
        assertThat(bright[bright.length / 2]).isCloseTo(0.0, within(0.003));
    }

    /** Runs the CLI, expects exit code 2, and returns what it printed on stderr. */
    private static String errorOf(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SkySift.execute(args);
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; stderr: %s", text).isEqualTo(SkySift.BAD_INPUT);
        return text;
    }
}
