package org.skysift.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.testing.SharedData;

/**
 * The extractor against genuine SExtractor output on the SEP test frame, run with the settings of
 * sep_default.sex: DETECT_THRESH 1.5, DETECT_MINAREA 5, sep_default.conv, DEBLEND_NTHRESH 32,
 * DEBLEND_MINCONT 1.0, CLEAN_PARAM 1.0, PHOT_APERTURES 10, PHOT_AUTOPARAMS 2.5,0.0,
 * PHOT_FLUXFRAC 0.1,0.5,0.6, SATUR_LEVEL 50000, GAIN 0, BACK_SIZE 64, BACK_FILTERSIZE 3, MASK_TYPE NONE.
 */
@Tag("plain")
class SepCatalogTest {
    /** One row of sep_image.cat (ASCII_HEAD): the columns the test compares. */
    record CatRow(int number, double x, double y, double xwin, double ywin, double a, double fluxAper,
                  double kronRadius, double fluxAuto, double fluxRadius50, int flags) {}

    static List<CatRow> readCatalog(Path p) throws IOException {
        List<CatRow> rows = new ArrayList<>();
        int line = 0;
        for (String s : Files.readAllLines(p)) {
            line++;
            if (s.isBlank() || s.startsWith("#")) {
                continue;
            }
            String[] f = s.trim().split("\\s+");
            if (f.length != 21) {
                throw new IllegalStateException(p + " line " + line + ": " + f.length + " columns, expected 21");
            }
            rows.add(new CatRow(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[11]), d(f[12]),
                    d(f[14]), d(f[15]), d(f[18]), Integer.parseInt(f[20])));
        }
        return rows;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }

    static List<Source> extractSep() throws IOException {
        Path img = SharedData.require("sep/sep_image.fits");
        Kernel conv = Kernel.read(SharedData.require("sep/sep_default.conv"));
        FitsImage im;
        try (InputStream in = Files.newInputStream(img)) {
            im = FitsReader.read(in, img.toString());
        }
        BackgroundMap bg = new BackgroundEstimator(64, 3).estimate(im.data(), im.width(), im.height());
        ExtractParams p = new ExtractParams(1.5, 5, 0, new double[] {10}, 0, 50000)
                .withFilter(conv).withDeblend(32, 1.0).withClean(true, 1.0).withKron(2.5, 0.0)
                .withFluxFractions(0.1, 0.5, 0.6).withFlagNeighbours(false);
        return new Extractor().extract(im.data(), im.width(), im.height(), bg, p);
    }

    @Test
    void matchesSExtractorPositionsFluxesAndFlags() throws IOException {
        List<CatRow> cat = readCatalog(SharedData.require("sep/sep_image.cat"));
        List<Source> ours = extractSep();
        int matched = 0, sameFlags = 0;
        List<Double> autoDiff = new ArrayList<>();
        List<Double> aperDiff = new ArrayList<>();
        List<Double> winDiff = new ArrayList<>();
        for (CatRow c : cat) {
            Source best = null;
            double bestD = 0.5;
            for (Source s : ours) {
                double dd = Math.hypot(s.xIso() - c.x(), s.yIso() - c.y());
                if (dd <= bestD) {
                    bestD = dd;
                    best = s;
                }
            }
            if (best == null) {
                System.out.printf("unmatched SExtractor object %d at (%.2f, %.2f) flags %d%n", c.number(), c.x(), c.y(), c.flags());
                continue;
            }
            matched++;
            if (best.flags() == c.flags()) {
                sameFlags++;
            } else {
                System.out.printf("object %d flags %d, ours %d%n", c.number(), c.flags(), best.flags());
            }
            if (System.getenv("SEP_DEBUG") != null) {
                System.out.printf("%3d kron %.2f/%.2f auto %.1f/%.1f a %.3f/%.3f r50 %.3f/%.3f%n", c.number(),
                        best.kronRadius(), c.kronRadius(), best.fluxAuto(), c.fluxAuto(), best.a(), c.a(),
                        best.fluxRadius()[1], c.fluxRadius50());
            }
            if (c.flags() == 0 && c.fluxAuto() > 0) {
                autoDiff.add(Math.abs(best.fluxAuto() / c.fluxAuto() - 1));
                aperDiff.add(Math.abs(best.fluxAper()[0] / c.fluxAper() - 1));
                winDiff.add(Math.hypot(best.x() - c.xwin(), best.y() - c.ywin()));
            }
        }
        if (System.getenv("SEP_DEBUG") != null) {
            for (Source s : ours) {
                boolean hit = cat.stream().anyMatch(c -> Math.hypot(s.xIso() - c.x(), s.yIso() - c.y()) <= 0.5);
                if (!hit) {
                    System.out.printf("extra: (%.2f, %.2f) iso %.1f area %d auto %.1f snr %.1f flags %d%n", s.xIso(), s.yIso(),
                            s.fluxIso(), s.isoarea(), s.fluxAuto(), s.snr(), s.flags());
                }
            }
        }
        double autoMed = median(autoDiff), aperMed = median(aperDiff), winMed = median(winDiff);
        System.out.printf("SEP: %d SExtractor objects, %d ours, %d matched within 0.5 px, flags equal %d;"
                        + " FLUX_AUTO median |rel diff| %.4f, FLUX_APER %.4f, XWIN median offset %.4f px%n",
                cat.size(), ours.size(), matched, sameFlags, autoMed, aperMed, winMed);
        assertThat((double) matched / cat.size()).as("matched fraction").isGreaterThanOrEqualTo(0.95);
        assertThat(autoMed).as("FLUX_AUTO median abs rel diff (FLAGS 0)").isLessThan(0.05);
        assertThat(aperMed).as("FLUX_APER median abs rel diff (FLAGS 0)").isLessThan(0.02);
        assertThat(winMed).as("XWIN/YWIN median offset (px)").isLessThan(0.05);
        assertThat((double) sameFlags / matched).as("FLAGS equal").isGreaterThanOrEqualTo(0.90);
        // no spurious extras beyond a handful: SExtractor's count is the truth here
        assertThat(ours.size()).isBetween((int) (0.95 * cat.size()), (int) (1.1 * cat.size()) + 1);
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length == 0 ? Double.NaN : a[a.length / 2];
    }
}
