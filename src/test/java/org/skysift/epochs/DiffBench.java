package org.skysift.epochs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.skysift.extract.ExtractParams;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;

/**
 * Not a test: times the difference of one pair (registration, resampling, PSF models, ZOGY, detection)
 * on this thread's CPU clock (the machine is shared, so wall time says little). Run:
 * java -cp target/test-classes:target/classes:$(deps) org.skysift.epochs.DiffBench REFERENCE NEW [ROUNDS]
 * (for example two 2118 x 2118 plates from skysift synth --size-arcmin 60). Prints each round and the
 * median of the rounds after the first (JIT warm-up). FITS reading is not timed.
 */
public final class DiffBench {
    private DiffBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: DiffBench REFERENCE.fits NEW.fits [ROUNDS]");
        }
        // JTransforms spreads large FFTs over all cores unless told otherwise: the figure is for one thread
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
        StackFrame ref = read(args[0]), fresh = read(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Differencer differencer = new Differencer(DiffSettings.of(DiffSettings.DEFAULT_THRESHOLD, 64, 3));
        double[][] phases = new double[rounds][];
        for (int round = 0; round < rounds; round++) {
            long cpu0 = bean.getCurrentThreadCpuTime();
            DiffResult r = differencer.diff(ref, fresh);
            long cpu = bean.getCurrentThreadCpuTime() - cpu0;
            DiffResult.Timing t = r.timing();
            phases[round] = new double[] {cpu / 1e9, t.registerNanos() / 1e9, t.resampleNanos() / 1e9,
                    t.psfNanos() / 1e9, t.prepareNanos() / 1e9, t.subtractNanos() / 1e9, t.detectNanos() / 1e9};
            System.out.printf(Locale.ROOT, "round %d: %dx%d, %s, %d transients, S_corr std %.3f%n", round, r.width(),
                    r.height(), line(phases[round]), r.transients().size(), r.scorrStd());
        }
        double[] median = new double[phases[0].length];
        for (int k = 0; k < median.length; k++) {
            final int kk = k;
            double[] v = Arrays.stream(phases, Math.min(1, rounds - 1), rounds).mapToDouble(p -> p[kk]).sorted().toArray();
            median[k] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        System.out.printf(Locale.ROOT, "median after warm-up: %s%n", line(median));
    }

    private static String line(double[] p) {
        return String.format(Locale.ROOT, "cpu %.2f s (stars+registration %.2f s, resampling %.2f s, PSF models"
                + " %.2f s, mask+variance+scale %.2f s, ZOGY %.2f s, detection %.2f s)", p[0], p[1], p[2], p[3], p[4],
                p[5], p[6]);
    }

    private static StackFrame read(String path) throws Exception {
        try (var in = Files.newInputStream(Path.of(path))) {
            FitsImage img = FitsReader.read(in, path);
            return new StackFrame(path, img, new ExtractParams(1.5, 5, 2.5, new double[] {6, 12},
                    img.header().getDouble("GAIN", 0), img.header().getDouble("SATURATE", 65535)));
        }
    }
}
