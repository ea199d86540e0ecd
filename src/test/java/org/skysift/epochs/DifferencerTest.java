package org.skysift.epochs;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * ZOGY on rendered pairs of one field in different seeing and noise, the new epoch pointed, turned
 * and with a header WCS off by known amounts. Truth: the injected changes in sky coordinates.
 */
@Tag("plain")
class DifferencerTest {

    @Test
    void nullPairsHaveUnitScorrAndNoTransients() {
        long pixels = 0;
        double[] stds = new double[3];
        int spurious = 0;
        // new epoch in worse seeing, then in better seeing than the reference
        double[][] seeing = {{5.1, 6.6}, {6.0, 4.6}, {5.1, 5.8}};
        for (int k = 0; k < seeing.length; k++) {
            DiffResult r = DiffPairs.diff(DiffPairs.reference(DiffPairs.FIELD, seeing[k][0], 11 + k),
                    DiffPairs.fresh(DiffPairs.FIELD, seeing[k][1], 21 + k));
            System.out.printf(Locale.ROOT, "null pair %d: S_corr std %.3f, guarded %.3f, scale %.4f (%d stars),"
                            + " fwhm %.2f / %.2f px, registration rms %.3f px, transients %s%n", k, r.scorrStd(),
                    r.guardedFraction(), r.fluxScale(), r.scaleStars(), r.fwhmRef(), r.fwhmNew(),
                    r.registration().rmsPx(), r.transients());
            stds[k] = r.scorrStd();
            assertEquals(1.0, r.fluxScale(), 0.02, "flux scale of two epochs of equal zero point, pair " + k);
            assertTrue(r.scaleStars() >= 20, "stars in the flux-scale fit " + r.scaleStars());
            assertTrue(r.guardedFraction() < 0.25, "guarded fraction " + r.guardedFraction());
            pixels += Math.round(r.width() * r.height() * (1 - r.guardedFraction()));
            spurious += r.transients().size();
        }
        for (int k = 0; k < stds.length; k++) {
            // the issue allows 10%; S's sky noise measured on the pair (Zogy.skyScale2) keeps it within 5%
            assertEquals(1.0, stds[k], 0.05, "S_corr std, pair " + k);
        }
        assertEquals(0, spurious, "false transients on " + pixels + " pixels");
    }

    /**
     * Issue 11's false-alarm bound, at most 1 per 10^6 pixels, needs more than 10^6 searched pixels: four
     * 600 x 600 null pairs of the same star density, seeing differing by 30% both ways (worse and better
     * new epoch) and the new epoch's noise, pointing and WCS error as for the 400 px pairs.
     */
    @Test
    void nullPairsGiveAtMostOneFalseTransientPerMillionPixels() {
        double[][] seeing = {{5.1, 6.6}, {6.6, 5.1}, {6.0, 4.6}, {4.6, 6.0}};
        long pixels = 0;
        List<Transient> spurious = new ArrayList<>();
        for (int k = 0; k < seeing.length; k++) {
            DiffResult r = DiffPairs.nullPair(600, seeing[k][0], seeing[k][1], 100 + 10 * k);
            System.out.printf(Locale.ROOT, "600 px null pair %d (seeing %.1f / %.1f\"): S_corr std %.3f, scale %.4f,"
                    + " transients %d%n", k, seeing[k][0], seeing[k][1], r.scorrStd(), r.fluxScale(), r.transients().size());
            assertEquals(1.0, r.scorrStd(), 0.05, "S_corr std, 600 px pair " + k);
            pixels += Math.round(r.width() * r.height() * (1 - r.guardedFraction()));
            spurious.addAll(r.transients());
        }
        assertTrue(pixels > 1_000_000, "searched pixels " + pixels);
        assertTrue(spurious.size() <= pixels / 1e6, spurious.size() + " false transients on " + pixels + " pixels: "
                + spurious);
    }

    @Test
    void injectedChangesAreFoundClassifiedAndMeasured() {
        List<DiffPairs.Change> changes = DiffPairs.changes(8, 6000, 20000, 5);
        DiffResult r = DiffPairs.diff(DiffPairs.reference(DiffPairs.with(changes, false), 5.1, 31),
                DiffPairs.fresh(DiffPairs.with(changes, true), 5.8, 32));
        double sigmaBackground = 1 / Math.sqrt(r.fluxPerS()); // error of a change from background noise alone
        int found = 0, rightKind = 0;
        List<Double> ratios = new ArrayList<>();
        List<Transient> unmatched = new ArrayList<>(r.transients());
        for (DiffPairs.Change c : changes) {
            double snr = Math.abs(c.delta()) / sigmaBackground;
            assertTrue(snr >= 10, "injected change of S/N " + snr + " below 10");
            double[] p = c.refPixel();
            Transient hit = null;
            for (Transient t : unmatched) {
                if (Math.hypot(t.x() - p[0], t.y() - p[1]) < 2) {
                    hit = t;
                }
            }
            if (hit == null) {
                System.out.printf(Locale.ROOT, "missed %s at %.1f %.1f, S/N %.1f%n", c.kind(), p[0], p[1], snr);
                continue;
            }
            unmatched.remove(hit);
            found++;
            if (hit.kind() == c.kind()) {
                rightKind++;
            } else {
                System.out.println("wrong class: injected " + c + ", found " + hit);
            }
            double ratio = hit.fluxDiff() / c.delta();
            ratios.add(ratio);
            assertEquals(c.delta(), hit.fluxDiff(), 4 * hit.fluxDiffErr() + 0.03 * Math.abs(c.delta()),
                    "flux from S of " + c + " vs " + hit);
            assertEquals(c.fluxRef(), hit.fluxRef(), 4 * hit.fluxRefErr() + 0.05 * c.fluxRef(), "reference flux " + hit);
            assertEquals(c.fluxNew(), hit.fluxNew(), 4 * hit.fluxNewErr() + 0.05 * c.fluxNew(), "new flux " + hit);
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
        System.out.printf(Locale.ROOT, "injected %d: found %d, right class %d, median flux_diff / injected %.4f"
                        + " (range %.3f .. %.3f), spurious %d, S_corr std %.3f, scale %.4f%n", changes.size(), found,
                rightKind, median, sorted[0], sorted[sorted.length - 1], unmatched.size(), r.scorrStd(), r.fluxScale());
        for (Transient t : unmatched) {
            double dc = 1e9, ds = 1e9, fs = 0;
            for (DiffPairs.Change c : changes) {
                dc = Math.min(dc, Math.hypot(c.refPixel()[0] - t.x(), c.refPixel()[1] - t.y()));
            }
            for (FieldFrames.Star s : DiffPairs.FIELD) {
                double[] p = DiffPairs.REF.skyToPixel(s.ra(), s.dec());
                double d = Math.hypot(p[0] - t.x(), p[1] - t.y());
                if (s.flux() > 50000 && d < ds) {
                    ds = d;
                    fs = s.flux();
                }
            }
            System.out.printf(Locale.ROOT, "spurious %s %.1f %.1f snr %.2f: nearest change %.1f px, bright star %.1f px (%.0f)%n",
                    t.kind(), t.x(), t.y(), t.snr(), dc, ds, fs);
        }
        assertTrue(found >= 0.95 * changes.size(), "recall " + found + " of " + changes.size());
        assertEquals(found, rightKind, "right class");
        assertEquals(1.0, median, 0.05, "median flux_diff / injected change " + Arrays.toString(sorted));
        assertEquals(List.of(), unmatched, "spurious transients");
    }
}
