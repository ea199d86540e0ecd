package org.skysift.calibrate.astrometry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.skysift.extract.Source;
import org.skysift.match.Match;
import org.skysift.sky.Angles;
import org.skysift.sky.Tile;

/**
 * Prints our refit against SCAMP's on the same plate, extraction and reference (docs/ASTROMETRY.md):
 * truth rms of clean stars through each solution, and SCAMP's own reference residual.
 */
public final class ScampFigures {
    private ScampFigures() {}

    /** Truth rms (arcsec) of clean matched stars (SNR_WIN above minSnr) placed by SCAMP's solution. */
    static double scampTruthRms(RefitBench b, ScampRun.Solution s, double minSnr) {
        List<Double> e = new ArrayList<>();
        for (Match m : b.firstMatches) {
            Source src = b.header.get(m.sourceIndex());
            if (src.flags() == 0 && src.snr() > minSnr) {
                double[] sky = s.pixelToSky(src.x(), src.y());
                e.add(Angles.separationArcsec(sky[0], sky[1], m.ref().ra(), m.ref().dec()));
            }
        }
        return RefitBench.rms(e.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static void main(String[] args) throws Exception {
        RefitBench b = new RefitBench("synthetic: {seed: 11, vanished_density: 0, distortion_arcsec: 1.0}",
                new Tile(7, 150.0, 20.0, 30, 30), TileRefitTest.DEFAULTS);
        Path dir = Files.createTempDirectory("skysift-scamp");
        ScampRun.Solution s = ScampRun.run(b, dir, 3);
        System.out.println("scamp dir " + dir);
        RefitSummary ours = b.refit.summary();
        System.out.printf(Locale.ROOT, "ours : %d stars, fit rms %.4f\" -> %.4f\" (2-D)%n", ours.stars(),
                ours.rmsBefore(), ours.rmsAfter());
        System.out.printf(Locale.ROOT, "scamp: %d degrees of freedom vs reference, AstromSigma_Reference %.4f\" (per axis)%n",
                s.nRef(), s.sigmaRefArcsec());
        for (double snr : new double[] {20, 50, 100}) {
            double o = RefitBench.rms(RefitBench.truthErrors(b.refit.sources(), b.refit.matches(), snr));
            double sc = scampTruthRms(b, s, snr);
            System.out.printf(Locale.ROOT, "SNR>%3.0f truth rms ours %.4f\" scamp %.4f\" ratio %.3f%n", snr, o, sc,
                    o / sc);
        }
    }
}
