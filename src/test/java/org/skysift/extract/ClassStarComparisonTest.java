package org.skysift.extract;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.psf.PassTwo;
import org.skysift.extract.psf.PsfModel;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.pipeline.Stages;
import org.skysift.testing.SharedData;
import org.skysift.testing.StarNnw;

/**
 * CLASS_STAR against SExtractor 2.25.0's on the same images, with the same SEEING_FWHM (the FWHM of
 * SkySift's PSF model of the image): the SEP CCD frame (real, ../shared/data/sep) and a synthetic frame
 * of known stars and galaxies ({@link StarGalaxyFrame}). SExtractor's catalogues are committed in
 * src/test/resources/sextractor/classstar/ with the commands that made them (README.md there), so
 * only SExtractor's weights file is needed here. Sources are paired within 1 px on the isophotal
 * barycentre (X_IMAGE, Y_IMAGE).
 */
@Tag("plain")
class ClassStarComparisonTest {
    private static final String RES = "/sextractor/classstar/";
    /** SHA-256 of the synthetic frame's FITS bytes when SExtractor's catalogue of it was made. */
    /** SHA-256 of ComparisonPlate's plate 101 when SExtractor's catalogue of it was made. */
    private static final String PLATE_SHA256 = "8f3df5cbc35a53f3fb4f879b241f53972918327adfa4d386163601fee3a3b382";
    private static final String FRAME_SHA256 = "13aadaa53d1d18b0e42be0dfd118b71a7a3bd9bef909989f510dd5ce5f008b97";

    /** Pairs of (ours, SExtractor's) CLASS_STAR, plus the truth (1 star, 0 galaxy, -1 unknown) per pair. */
    record Pairs(double[] ours, double[] theirs, int[] truth, int[] source, int unpaired) {
        double medianAbsDiff() {
            double[] d = new double[ours.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.abs(ours[i] - theirs[i]);
            }
            java.util.Arrays.sort(d);
            return d.length % 2 == 1 ? d[d.length / 2] : 0.5 * (d[d.length / 2 - 1] + d[d.length / 2]);
        }

        double agreement() {
            int same = 0;
            for (int i = 0; i < ours.length; i++) {
                if ((ours[i] > 0.5) == (theirs[i] > 0.5)) {
                    same++;
                }
            }
            return (double) same / ours.length;
        }

        /** Fraction of truth-matched pairs that {@code cs} puts on the right side of 0.5. */
        static double accuracy(double[] cs, int[] truth) {
            int n = 0, right = 0;
            for (int i = 0; i < cs.length; i++) {
                if (truth[i] >= 0) {
                    n++;
                    if ((cs[i] > 0.5) == (truth[i] == 1)) {
                        right++;
                    }
                }
            }
            return (double) right / n;
        }
    }

    /** The frame's truth as rows of (x, y, 1 star or 0 galaxy). */
    static List<double[]> known(List<StarGalaxyFrame.Truth> truth) {
        List<double[]> out = new ArrayList<>();
        for (StarGalaxyFrame.Truth t : truth) {
            out.add(new double[] {t.x(), t.y(), t.star() ? 1 : 0});
        }
        return out;
    }

    /** @param truth rows of (x, y, 1 star or 0 galaxy), FITS pixels; null when unknown */
    static Pairs pair(List<Source> ours, double[] ourCs, AsciiHeadCatalog cat, List<double[]> truth) {
        List<double[]> rows = new ArrayList<>();
        int unpaired = 0;
        for (int i = 0; i < cat.size(); i++) {
            double x = cat.get(i, "X_IMAGE"), y = cat.get(i, "Y_IMAGE");
            int best = -1;
            double bestD = 1.0;
            for (int j = 0; j < ours.size(); j++) {
                double d = Math.hypot(ours.get(j).xIso() - x, ours.get(j).yIso() - y);
                if (d <= bestD) {
                    bestD = d;
                    best = j;
                }
            }
            if (best < 0) {
                unpaired++;
                continue;
            }
            int t = -1;
            if (truth != null) {
                for (double[] tr : truth) {
                    if (Math.hypot(tr[0] - x, tr[1] - y) <= 1.5) {
                        t = (int) tr[2];
                    }
                }
            }
            rows.add(new double[] {ourCs[best], cat.get(i, "CLASS_STAR"), t, best});
        }
        double[] a = new double[rows.size()], b = new double[rows.size()];
        int[] tr = new int[rows.size()], src = new int[rows.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = rows.get(i)[0];
            b[i] = rows.get(i)[1];
            tr[i] = (int) rows.get(i)[2];
            src[i] = (int) rows.get(i)[3];
        }
        return new Pairs(a, b, tr, src, unpaired);
    }

    static AsciiHeadCatalog resource(String name) throws IOException {
        try (InputStream in = ClassStarComparisonTest.class.getResourceAsStream(RES + name)) {
            assertThat(in).as("test resource " + RES + name).isNotNull();
            return AsciiHeadCatalog.read(in, name);
        }
    }

    /** The pass-1 sources and the PSF model's FWHM of an image, as the survey job measures them. */
    record Measured(List<Source> sources, PsfModel psf) {}

    static Measured measure(float[] data, int w, int h, ExtractParams p, double gain) {
        BackgroundMap bg = new BackgroundEstimator(64, 3).estimate(data, w, h);
        Extractor.Result r = new Extractor().extractTimed(data, w, h, bg, p);
        PsfModel psf = PassTwo.run(r.subtracted(), bg, w, h, r.sources(),
                Stages.psfParams(SkySiftConfig.defaults().extract().psf(), gain)).model();
        return new Measured(r.sources(), psf);
    }

    @Test
    void sepFrameAgreesWithSExtractor() throws IOException {
        StarClassifier classifier = StarClassifier.read(StarNnw.require());
        Path img = SharedData.require("sep/sep_image.fits");
        Kernel conv = Kernel.read(SharedData.require("sep/sep_default.conv"));
        FitsImage im;
        try (InputStream in = Files.newInputStream(img)) {
            im = FitsReader.read(in, img.toString());
        }
        // sep_default.sex's settings (as SepCatalogTest); its PIXEL_SCALE is 1.0
        ExtractParams p = new ExtractParams(1.5, 5, 0, new double[] {10}, 0, 50000)
                .withFilter(conv).withDeblend(32, 1.0).withClean(true, 1.0).withKron(2.5, 0.0)
                .withFluxFractions(0.1, 0.5, 0.6).withFlagNeighbours(false);
        Measured m = measure(im.data(), im.width(), im.height(), p, 0);
        double seeing = StarClassifier.seeingPx(m.psf(), 0, 1.0, Double.NaN);
        // SExtractor was run with SEEING_FWHM 2.183, this PSF's FWHM when its catalogue was made
        assertThat(seeing).as("PSF FWHM of the SEP frame").isCloseTo(2.183, org.assertj.core.data.Offset.offset(0.01));
        double[] cs = classifier.classify(m.sources(), seeing, 1.0);
        Pairs pairs = pair(m.sources(), cs, resource("sep_classstar.cat"), null);
        System.out.printf(Locale.ROOT, "SEP frame, seeing %.3f px: %d pairs within 1 px (%d SExtractor objects"
                        + " unpaired), median |d CLASS_STAR| %.4f, same side of 0.5 %.3f; stars (> 0.5) ours %d, SExtractor %d;"
                        + " disagreements: %s%n",
                seeing, pairs.ours().length, pairs.unpaired(), pairs.medianAbsDiff(), pairs.agreement(),
                count(pairs.ours()), count(pairs.theirs()), disagreements(pairs));
        assertThat(pairs.ours().length).as("pairs").isGreaterThanOrEqualTo(62);
        assertThat(pairs.medianAbsDiff()).as("median |d CLASS_STAR|").isLessThanOrEqualTo(0.002);
        assertThat(pairs.agreement()).as("same star/galaxy call").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void syntheticFrameAgreesWithSExtractorAndTruth() throws IOException {
        StarClassifier classifier = StarClassifier.read(StarNnw.require());
        StarGalaxyFrame.Frame f = StarGalaxyFrame.render();
        assertThat(sha256(f.fits())).as("the frame SExtractor's catalogue was made from (else regenerate it:"
                + " src/test/resources/sextractor/classstar/README.md)").isEqualTo(FRAME_SHA256);
        FitsImage im = FitsReader.read(new ByteArrayInputStream(f.fits()), "stargalaxy.fits");
        SkySiftConfig cfg = ConfigLoader.fromYamlString(
                "extract: {filter_name: src/test/resources/sextractor/gauss_2.5_5x5.conv, saturation: 65535}");
        ExtractParams p = Stages.extractParams(cfg, im.header(), 65535);
        Measured m = measure(im.data(), im.width(), im.height(), p, p.gain());
        double seeing = StarClassifier.seeingPx(m.psf(), 0, 1.0, Double.NaN);
        // SExtractor was run with SEEING_FWHM 3.1415; the rendered Moffat has FWHM 3.0 before pixel integration
        assertThat(seeing).as("PSF FWHM of the synthetic frame").isCloseTo(3.1415, org.assertj.core.data.Offset.offset(0.01));
        double[] cs = classifier.classify(m.sources(), seeing, 1.0);
        Pairs pairs = pair(m.sources(), cs, resource("stargalaxy_classstar.cat"), known(f.truth()));
        double ours = Pairs.accuracy(pairs.ours(), pairs.truth()), theirs = Pairs.accuracy(pairs.theirs(), pairs.truth());
        System.out.printf(Locale.ROOT, "synthetic frame, seeing %.3f px: %d pairs within 1 px (%d SExtractor objects"
                        + " unpaired), median |d CLASS_STAR| %.4f, same side of 0.5 %.3f; accuracy against truth: ours %.3f,"
                        + " SExtractor %.3f (%s); disagreements: %s%n", seeing, pairs.ours().length, pairs.unpaired(),
                pairs.medianAbsDiff(), pairs.agreement(), ours, theirs, misses(pairs), disagreements(pairs));
        assertThat(pairs.ours().length).as("pairs").isGreaterThanOrEqualTo(160);
        assertThat(pairs.medianAbsDiff()).as("median |d CLASS_STAR|").isLessThanOrEqualTo(0.002);
        assertThat(pairs.agreement()).as("same star/galaxy call").isGreaterThanOrEqualTo(0.98);
        assertThat(ours).as("accuracy against truth").isGreaterThanOrEqualTo(0.93);
        assertThat(Math.abs(ours - theirs)).as("accuracy: ours - SExtractor's").isLessThanOrEqualTo(0.02);
    }

    @Test
    void syntheticPlateAgreesWithSExtractor() throws IOException {
        StarClassifier classifier = StarClassifier.read(StarNnw.require());
        // the DSS1-red-like plate of docs/EXTRACTION.md's SExtractor comparison: stars only, 1.7"/px,
        // seeing 2.65 px varying 15% over the plate, cosmic-ray hits, a scratch, halos
        org.skysift.synth.RenderedTile plate = org.skysift.cli.ComparisonPlate.render(101, 150.0, 20.0);
        assertThat(sha256(plate.fits())).as("the plate SExtractor's catalogue was made from").isEqualTo(PLATE_SHA256);
        FitsImage im = FitsReader.read(new ByteArrayInputStream(plate.fits()), "plate101.fits");
        SkySiftConfig cfg = ConfigLoader.fromYamlString(
                "extract: {filter_name: src/test/resources/sextractor/gauss_2.5_5x5.conv}");
        ExtractParams p = Stages.extractParams(cfg, im.header(), org.skysift.calibrate.SaturationLevel.of(im));
        Measured m = measure(im.data(), im.width(), im.height(), p, p.gain());
        double seeing = StarClassifier.seeingPx(m.psf(), 0, 1.7, Double.NaN);
        // SExtractor was run with SEEING_FWHM 4.583" = 2.6959 px x 1.7"/px
        assertThat(seeing).as("PSF FWHM of the plate").isCloseTo(2.6959, org.assertj.core.data.Offset.offset(0.01));
        double[] cs = classifier.classify(m.sources(), seeing, 1.7);
        List<double[]> stars = new ArrayList<>();
        for (org.skysift.synth.RenderedTile.PlacedStar s : plate.stars()) {
            stars.add(new double[] {s.x(), s.y(), 1});
        }
        Pairs pairs = pair(m.sources(), cs, resource("plate101_classstar.cat"), stars);
        int bright = 0, oursStar = 0, theirsStar = 0;
        for (int i = 0; i < pairs.ours().length; i++) {
            Source s = m.sources().get(pairs.source()[i]);
            if (pairs.truth()[i] == 1 && s.flags() == 0 && s.snr() >= 50) {
                bright++;
                oursStar += pairs.ours()[i] > 0.5 ? 1 : 0;
                theirsStar += pairs.theirs()[i] > 0.5 ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "synthetic plate, seeing %.3f px: %d pairs within 1 px (%d SExtractor objects"
                        + " unpaired), median |d CLASS_STAR| %.4f, same side of 0.5 %.3f; clean truth stars with SNR >= 50"
                        + " called stars: ours %d / %d, SExtractor %d / %d%n", seeing, pairs.ours().length,
                pairs.unpaired(), pairs.medianAbsDiff(), pairs.agreement(), oursStar, bright, theirsStar, bright);
        assertThat(pairs.ours().length).as("pairs").isGreaterThanOrEqualTo(170);
        assertThat(pairs.medianAbsDiff()).as("median |d CLASS_STAR|").isLessThanOrEqualTo(0.005);
        assertThat(pairs.agreement()).as("same star/galaxy call").isGreaterThanOrEqualTo(0.93);
        assertThat(bright).isGreaterThanOrEqualTo(25);
        assertThat((double) oursStar / bright).as("bright stars called stars").isGreaterThanOrEqualTo(0.9);
    }

    /** Which truths SkySift's CLASS_STAR gets wrong, by kind. */
    private static String misses(Pairs pairs) {
        int starsAsGalaxies = 0, galaxiesAsStars = 0, stars = 0, galaxies = 0;
        for (int i = 0; i < pairs.ours().length; i++) {
            if (pairs.truth()[i] == 1) {
                stars++;
                starsAsGalaxies += pairs.ours()[i] <= 0.5 ? 1 : 0;
            } else if (pairs.truth()[i] == 0) {
                galaxies++;
                galaxiesAsStars += pairs.ours()[i] > 0.5 ? 1 : 0;
            }
        }
        return String.format(Locale.ROOT, "ours: %d of %d stars called galaxies, %d of %d galaxies called stars",
                starsAsGalaxies, stars, galaxiesAsStars, galaxies);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pairs on opposite sides of 0.5, for the record. */
    private static String disagreements(Pairs p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.ours().length; i++) {
            if ((p.ours()[i] > 0.5) != (p.theirs()[i] > 0.5)) {
                sb.append(String.format(Locale.ROOT, " %.3f/%.3f", p.ours()[i], p.theirs()[i]));
            }
        }
        return sb.length() == 0 ? "none" : "SkySift/SExtractor" + sb;
    }

    private static int count(double[] cs) {
        int n = 0;
        for (double c : cs) {
            if (c > 0.5) {
                n++;
            }
        }
        return n;
    }
}
