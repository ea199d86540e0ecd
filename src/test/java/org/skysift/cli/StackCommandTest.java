package org.skysift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.fits.FitsWriter;
import org.skysift.sky.Tile;
import org.skysift.synth.Realism;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsReader;

/**
 * skysift stack end to end on synthetic plates of one field: four renders with other tile ids (so
 * other noise, seeing and sky gradient) and centres a few pixels apart, plus a frame with no WCS.
 */
@Tag("plain")
class StackCommandTest {
    @TempDir
    static Path dir;
    static List<Path> frames = new ArrayList<>();
    static Path noWcs;

    @BeforeAll
    static void render() throws Exception {
        SkySiftConfig c = ConfigLoader.fromYamlString("synthetic: {seed: 7, vanished_density: 0}");
        SyntheticSky sky = new SyntheticSky(new SkyModel(c.synthetic(), c.image().pixelScaleArcsec()));
        double[][] offsetsArcsec = {{0, 0}, {4.1, -2.9}, {-6.3, 3.4}, {2.2, 7.7}};
        for (int k = 0; k < offsetsArcsec.length; k++) {
            Tile t = new Tile(21 + k, 150.0 + offsetsArcsec[k][0] / 3600 / Math.cos(Math.toRadians(20)),
                    20.0 + offsetsArcsec[k][1] / 3600, 10, 10);
            Path f = dir.resolve("frame-" + k + ".fits");
            Files.write(f, SyntheticRenderer.render(t, sky, Realism.NONE).fits());
            frames.add(f);
        }
        FitsImage img = FitsReader.read(new ByteArrayInputStream(Files.readAllBytes(frames.get(1))), "f1");
        Map<String, Object> cards = new LinkedHashMap<>();
        img.header().cards().forEach((k, v) -> {
            if (!k.startsWith("CD") && !List.of("SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND", "BZERO",
                    "BSCALE").contains(k)) {
                cards.put(k, v);
            }
        });
        noWcs = dir.resolve("no-wcs.fits");
        try (OutputStream o = Files.newOutputStream(noWcs)) {
            FitsWriter.writeUint16(o, img.width(), img.height(), img.data(), cards);
        }
    }

    @Test
    void stacksRegistersReportsTheBadFrameAndWritesAFitsThatExtractReads() throws Exception {
        Path out = dir.resolve("out/stack.fits");
        List<String> args = new ArrayList<>(List.of("stack", "--out", out.toString()));
        frames.forEach(f -> args.add(f.toString()));
        args.add(noWcs.toString());
        CliRun.Outcome r = CliRun.run(args.toArray(new String[0]));
        System.out.print(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("frame-0.fits: reference").contains("no-wcs.fits: bad-wcs, skipped: no celestial WCS");
        assertThat(r.out().split("registered, ", -1)).hasSize(4);
        Matcher rms = Pattern.compile("registered, \\d+ stars, (\\d+) matches, rms ([0-9.]+) px").matcher(r.out());
        while (rms.find()) {
            assertThat(Integer.parseInt(rms.group(1))).isGreaterThanOrEqualTo(20);
            assertThat(Double.parseDouble(rms.group(2))).isLessThan(0.2);
        }
        Matcher gain = Pattern.compile("noise gain ([0-9.]+)x").matcher(r.out());
        assertThat(gain.find()).isTrue();
        assertThat(Double.parseDouble(gain.group(1))).isGreaterThanOrEqualTo(1.8);

        FitsImage ref = ImageHdu.read(frames.get(0), 0);
        FitsImage stack = ImageHdu.read(out, 0);
        assertThat(stack.width()).isEqualTo(ref.width());
        assertThat(stack.header().getDouble("NCOMBINE")).isEqualTo(4.0);
        Wcs a = WcsReader.fromHeader(ref.header()), b = WcsReader.fromHeader(stack.header());
        assertThat(b.pixelToSky(17, 301)[0]).isCloseTo(a.pixelToSky(17, 301)[0], within(1e-9));
        assertThat(b.pixelToSky(17, 301)[1]).isCloseTo(a.pixelToSky(17, 301)[1], within(1e-9));
        try (Fits fits = new Fits(out.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertThat(hdus).hasSize(3);
            assertThat(hdus[1].getHeader().getStringValue("EXTNAME")).isEqualTo("WEIGHT");
            assertThat(hdus[2].getHeader().getStringValue("EXTNAME")).isEqualTo("NFRAMES");
        }
        FitsImage nframes = ImageHdu.read(out, 2);
        int centre = (nframes.height() / 2) * nframes.width() + nframes.width() / 2;
        assertThat(nframes.data()[centre]).isEqualTo(4f);
        FitsImage weight = ImageHdu.read(out, 1);
        assertThat(weight.data()[centre]).isGreaterThan(0f);

        // the stack is deeper: extract finds more sources on it than on the reference frame
        Path one = dir.resolve("out/frame-0.csv"), deep = dir.resolve("out/stack.csv");
        assertThat(SkySift.execute("extract", "--image", frames.get(0).toString(), "--out", one.toString())).isZero();
        assertThat(SkySift.execute("extract", "--image", out.toString(), "--out", deep.toString())).isZero();
        long n1 = Files.readAllLines(one).size() - 1, n4 = Files.readAllLines(deep).size() - 1;
        System.out.printf("extract: %d sources on frame 0, %d on the stack%n", n1, n4);
        assertThat(n4).isGreaterThan(n1 + n1 / 5);
    }

    @Test
    void medianAndBadOptions() {
        Path out = dir.resolve("median.fits");
        CliRun.Outcome r = CliRun.run("stack", "--out", out.toString(), "--combine", "median", frames.get(0).toString(),
                frames.get(1).toString(), frames.get(2).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 of 3 frames, median");
        CliRun.Outcome bad = CliRun.run("stack", "--out", out.toString(), "--combine", "mode", frames.get(0).toString());
        assertThat(bad.code()).isEqualTo(SkySift.BAD_INPUT);
        assertThat(bad.err()).contains("--combine mode");
        CliRun.Outcome kappa = CliRun.run("stack", "--out", out.toString(), "--kappa", "0", frames.get(0).toString());
        assertThat(kappa.code()).isEqualTo(SkySift.BAD_INPUT);
        assertThat(kappa.err()).contains("kappa 0");
        CliRun.Outcome ref = CliRun.run("stack", "--out", out.toString(), noWcs.toString(), frames.get(0).toString());
        assertThat(ref.code()).isEqualTo(SkySift.BAD_INPUT);
        assertThat(ref.err()).contains("no-wcs.fits: the reference (first) frame has no usable WCS");
        CliRun.Outcome missing = CliRun.run("stack", "--out", out.toString(), dir.resolve("nope.fits").toString());
        assertThat(missing.code()).isEqualTo(SkySift.BAD_INPUT);
        assertThat(missing.err()).contains("nope.fits");
    }
}
