package org.skysift.extract.psf;

import java.util.List;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.extract.Source;
import org.skysift.synth.Realism;

/**
 * Single-thread timing of background + pass 1 + PSF build + pass 2 on a 2048 x 2048 plate with
 * about 6000 stars (realistic plate defects). Run:
 * {@code java -cp target/test-classes:target/classes:<deps> org.skysift.extract.psf.PsfBenchmark}
 */
public final class PsfBenchmark {
    public static void main(String[] args) {
        // 58' at 1.7"/px = 2047 px; 6400 / deg^2 gives ~6000 stars on the plate
        PsfFields.Field f = PsfFields.render(3, 58, 6400, Realism.PLATE);
        System.out.printf("plate %d x %d, %d stars%n", f.w(), f.h(), f.stars().size());
        PsfParams p = PsfParams.defaults().withGain(1);
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            BackgroundMap bg = new BackgroundEstimator(64, 3).estimate(f.raw(), f.w(), f.h());
            float[] level = bg.levelMap(), rms = bg.rmsMap();
            long t1 = System.nanoTime();
            List<Source> src = new Extractor().extract(f.raw(), f.w(), f.h(), bg,
                    new ExtractParams(1.5, 5, 2.5, new double[] {6, 12}, 1.0, 65535));
            long t2 = System.nanoTime();
            int n = src.size();
            double[] x = new double[n], y = new double[n], fl = new double[n], snr = new double[n], fw = new double[n], el = new double[n];
            int[] flags = new int[n];
            for (int i = 0; i < n; i++) {
                Source s = src.get(i);
                x[i] = s.x();
                y[i] = s.y();
                fl[i] = s.fluxAuto();
                snr[i] = s.snr();
                fw[i] = s.fwhm();
                el[i] = s.elongation();
                flags[i] = s.flags();
            }
            float[] sub = new float[f.raw().length];
            for (int i = 0; i < sub.length; i++) {
                sub[i] = f.raw()[i] - level[i];
            }
            long t3 = System.nanoTime();
            PsfModel m = PsfBuilder.build(sub, rms, f.w(), f.h(), new PsfCandidates(x, y, fl, snr, fw, el, flags), p);
            long t4 = System.nanoTime();
            PsfMeasurements r = PsfPhotometry.measure(sub, rms, f.w(), f.h(), m, x, y, p);
            long t5 = System.nanoTime();
            System.out.printf("round %d: background %d ms, pass 1 %d ms (%d sources), PSF build %d ms (%s, %d stars, chi2 %.2f),"
                            + " pass 2 %d ms; total %d ms%n", round, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, n,
                    (t4 - t3) / 1_000_000, m.origin(), m.starCount(), m.chi2(), (t5 - t4) / 1_000_000,
                    (t2 - t0 + t5 - t3) / 1_000_000);
            long t6 = System.nanoTime();
            PsfMeasurements all = PsfPhotometry.measure(sub, rms, f.w(), f.h(), m, f.xs(), f.ys(), p);
            System.out.printf("         pass 2 on all %d true positions: %d ms%n", all.size(), (System.nanoTime() - t6) / 1_000_000);
            if (r.size() != n) {
                throw new IllegalStateException("pass 2 lost sources");
            }
        }
    }
}
