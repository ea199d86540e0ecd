package org.skysift.calibrate.astrometry;

import java.util.Locale;
import org.skysift.sky.Tile;

/**
 * Prints the refit figures quoted in docs/ASTROMETRY.md (run from the worktree, see there for the
 * command): truth rms before/after on a synthetic plate with a 1" third-order distortion, per degree
 * and SNR floor.
 */
public final class RefitFigures {
    private RefitFigures() {}

    public static void main(String[] args) throws Exception {
        centroids();
        if (args.length > 0 && args[0].equals("centroids")) {
            return;
        }
        Tile tile = new Tile(7, 150.0, 20.0, 30, 30);
        String yaml = "synthetic: {seed: 11, vanished_density: 0, distortion_arcsec: 1.0}";
        for (int degree = 1; degree <= 5; degree++) {
            print("1\" distortion, degree " + degree, new RefitBench(yaml, tile,
                    new RefitParams(true, degree, 12, 3.0, 0, 20)));
        }
        for (int grid = 2; grid <= 3; grid++) {
            print("1\" distortion, degree 3, grid " + grid, new RefitBench(yaml, tile,
                    new RefitParams(true, 3, 12, 3.0, grid, 20)));
        }
        print("no distortion, degree 3", new RefitBench("synthetic: {seed: 11, vanished_density: 0}", tile,
                new RefitParams(true, 3, 12, 3.0, 0, 20)));
    }

    private static void print(String what, RefitBench b) {
        RefitSummary s = b.refit.summary();
        System.out.printf(Locale.ROOT, "%s: %s, %d stars used, %d rejected, fit rms %.4f\" -> %.4f\", model error"
                + " %.4f\"%n", what, s.status(), s.stars(), s.rejected(), s.rmsBefore(), s.rmsAfter(),
                RefitBench.rms(b.modelErrors(b.refit.model(), 20)));
        for (double snr : new double[] {20, 50, 100}) {
            double[] before = RefitBench.truthErrors(b.header, b.firstMatches, snr);
            double[] after = RefitBench.truthErrors(b.refit.sources(), b.refit.matches(), snr);
            System.out.printf(Locale.ROOT, "  SNR>%3.0f truth rms before %.4f\" (%d) after %.4f\" (%d)%n", snr,
                    RefitBench.rms(before), before.length, RefitBench.rms(after), after.length);
        }
    }

    /** XWIN, isophotal barycentre and PSF-fit centroids against the true pixel, rms per axis by SNR_WIN bin. */
    static void centroids() throws Exception {
        double[][] bins = {{10, 20}, {20, 35}, {35, 50}, {50, 100}, {100, 300}, {300, 1e9}};
        double[][] sum = new double[bins.length][3];
        java.util.List<java.util.List<double[]>> radial = new java.util.ArrayList<>();
        for (double[] ignored : bins) {
            radial.add(new java.util.ArrayList<>());
        }
        int[] count = new int[bins.length];
        long[] tiles = {21, 22, 23, 24};
        for (long id : tiles) {
            Tile tile = new Tile(id, 40.0 + 50 * id, 30.0 - 4 * id, 30, 30);
            RefitBench b = new RefitBench("synthetic: {seed: " + id + ", vanished_density: 0}", tile,
                    new RefitParams(false, 3, 12, 3.0, 0, 20));
            var pm = b.extraction.photometry();
            for (var m : b.firstMatches) {
                var s = b.header.get(m.sourceIndex());
                double[] t = b.truePixel.get(m.ref().id());
                if (s.flags() != 0 || t == null || !Double.isFinite(pm.x()[m.sourceIndex()])) {
                    continue;
                }
                for (int k = 0; k < bins.length; k++) {
                    if (s.snr() > bins[k][0] && s.snr() <= bins[k][1]) {
                        count[k]++;
                        sum[k][0] += sq(s.x() - t[0]) + sq(s.y() - t[1]);
                        sum[k][1] += sq(s.xIso() - t[0]) + sq(s.yIso() - t[1]);
                        sum[k][2] += sq(pm.x()[m.sourceIndex()] - t[0]) + sq(pm.y()[m.sourceIndex()] - t[1]);
                        radial.get(k).add(new double[] {Math.hypot(s.x() - t[0], s.y() - t[1]),
                            Math.hypot(s.xIso() - t[0], s.yIso() - t[1]),
                            Math.hypot(pm.x()[m.sourceIndex()] - t[0], pm.y()[m.sourceIndex()] - t[1])});
                    }
                }
            }
        }
        System.out.println("centroid rms per axis vs truth (px), clean matched stars, 4 synthetic 30' plates:");
        for (int k = 0; k < bins.length; k++) {
            System.out.printf(Locale.ROOT, "  SNR %4.0f-%-5.0f n=%4d  XWIN %.4f  ISO %.4f  PSF %.4f%n", bins[k][0],
                    Math.min(bins[k][1], 9999), count[k], Math.sqrt(sum[k][0] / count[k] / 2),
                    Math.sqrt(sum[k][1] / count[k] / 2), Math.sqrt(sum[k][2] / count[k] / 2));
            final int kk = k;
            double[] med = new double[3];
            for (int c = 0; c < 3; c++) {
                final int cc = c;
                med[c] = ResidualGrid.median(radial.get(kk).stream().mapToDouble(r -> r[cc]).toArray());
            }
            System.out.printf(Locale.ROOT, "  %19s median radial  XWIN %.4f  ISO %.4f  PSF %.4f%n", "", med[0], med[1],
                    med[2]);
        }
    }

    private static double sq(double d) {
        return d * d;
    }
}
