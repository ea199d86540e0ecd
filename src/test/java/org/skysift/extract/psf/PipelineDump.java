package org.skysift.extract.psf;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.extract.Source;
import org.skysift.synth.Realism;

/**
 * Writes every number of background + pass 1 + PSF build + pass 2 on a 2k plate with plate defects to
 * a text file, so that two versions of the code can be diffed number by number (a tool for
 * optimisation work, not a test). Run with the test classpath: {@code PipelineDump out.txt}.
 */
public final class PipelineDump {
    /** Every component of a record, arrays spelled out. */
    static String fields(Record r) {
        StringBuilder b = new StringBuilder();
        for (var c : r.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(r);
                b.append(c.getName()).append('=').append(v instanceof double[] d ? Arrays.toString(d) : v).append(' ');
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }

    public static void main(String[] args) throws IOException {
        PsfFields.Field f = PsfFields.render(3, 58, 6400, Realism.PLATE);
        BackgroundMap bg = new BackgroundEstimator(64, 3).estimate(f.raw(), f.w(), f.h());
        float[] level = bg.levelMap(), rms = bg.rmsMap();
        Extractor.Result pass1 = new Extractor().extractTimed(f.raw(), f.w(), f.h(), bg,
                new ExtractParams(1.5, 5, 2.5, new double[] {6, 12}, 1.0, 65535));
        List<Source> src = pass1.sources();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            out.printf(Locale.ROOT, "global %.9g %.9g%n", bg.globalLevel(), bg.globalRms());
            for (int y = 0; y < f.h(); y += 97) {
                for (int x = 0; x < f.w(); x += 89) {
                    out.printf(Locale.ROOT, "bg %d %d %.9g %.9g%n", x, y, level[y * f.w() + x], rms[y * f.w() + x]);
                }
            }
            for (Source s : src) {
                out.println("src " + fields(s));
            }
            int n = src.size();
            double[] x = new double[n], y = new double[n], fl = new double[n], snr = new double[n];
            double[] fw = new double[n], el = new double[n];
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
            float[] sub = pass1.subtracted();
            NoiseMap noise = NoiseMap.of(bg);
            PsfParams p = PsfParams.defaults().withGain(1);
            PsfModel m = PsfBuilder.build(sub, noise, f.w(), f.h(), new PsfCandidates(x, y, fl, snr, fw, el, flags), p);
            out.printf(Locale.ROOT, "psf %s %d %.9g %.9g %.9g%n", m.origin(), m.starCount(), m.chi2(), m.residualRms(),
                    m.fwhm());
            PsfMeasurements r = PsfPhotometry.measure(sub, noise, f.w(), f.h(), m, x, y, p);
            for (int i = 0; i < r.size(); i++) {
                out.printf(Locale.ROOT, "p2 %d %.9g %.9g %.9g %.9g %.9g %.9g %.9g %d%n", i, r.flux()[i], r.fluxErr()[i],
                        r.x()[i], r.y()[i], r.chi2()[i], r.spread()[i], r.spreadErr()[i], r.flags()[i]);
            }
        }
    }
}
