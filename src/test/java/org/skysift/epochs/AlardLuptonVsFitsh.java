package org.skysift.epochs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nom.tam.fits.Fits;

/**
 * Not a test: compares SkySift's Alard-Lupton subtraction with FITSH's ficonv (Debian package fitsh)
 * on DifferencerTest's rendered null pairs, both given the same registered, background-subtracted
 * planes and the same kind of kernel basis (three Gaussians of 0.5, 1, 2 x sigma_match with
 * polynomial / Hermite orders 6, 4, 2 varying to degree 2 over the image, a background of degree 1,
 * a constant flux term). Prints the rms of each difference over the searched pixels and over discs
 * of 2 FWHM around the 60 brightest stars (what a perfect subtraction leaves there is the noise).
 * <pre>
 * apt-get install fitsh
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.skysift.epochs.AlardLuptonVsFitsh /tmp/al-fitsh
 * </pre>
 */
public final class AlardLuptonVsFitsh {
    private AlardLuptonVsFitsh() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/al-fitsh");
        Files.createDirectories(dir);
        double[][] seeing = {{5.1, 6.6}, {6.0, 4.6}, {5.1, 5.8}};
        DiffSettings al = DiffSettings.of(DiffSettings.DEFAULT_THRESHOLD, 64, 3).withMethod(DiffMethod.ALARD_LUPTON);
        for (int k = 0; k < seeing.length; k++) {
            StackFrame ref = DiffPairs.reference(DiffPairs.FIELD, seeing[k][0], 11 + k);
            StackFrame fresh = DiffPairs.fresh(DiffPairs.FIELD, seeing[k][1], 21 + k);
            DiffResult a = new Differencer(al).diff(ref, fresh);
            DiffResult.Planes p = a.planes();
            int w = a.width(), h = a.height();
            boolean refSharp = AlardLupton.convolvesReference(a.fwhmRef(), a.fwhmNew());
            float[] sharp = refSharp ? p.reference() : p.fresh(), blurry = refSharp ? p.fresh() : p.reference();
            Path fs = dir.resolve("sharp-" + k + ".fits"), fb = dir.resolve("blurry-" + k + ".fits");
            Path out = dir.resolve("fitsh-diff-" + k + ".fits");
            write(fs, sharp, w, h);
            write(fb, blurry, w, h);
            double fwhmS = Math.min(a.fwhmRef(), a.fwhmNew()), fwhmB = Math.max(a.fwhmRef(), a.fwhmNew());
            double base = Math.max(AlardLupton.MIN_MATCH_SIGMA, Math.sqrt(fwhmB * fwhmB - fwhmS * fwhmS) / 2.3548);
            int half = (int) Math.ceil(Math.max(6 * base, AlardLupton.HALF_WIDTH_FWHMS * fwhmB));
            String kernels = String.format(Locale.ROOT, "i/0;b/1;g=%d,%.3f,6/2;g=%d,%.3f,4/2;g=%d,%.3f,2/2", half,
                    0.5 * base, half, base, half, 2 * base);
            long t0 = System.nanoTime();
            Process pr = new ProcessBuilder("ficonv", "-r", fs.toString(), "-i", fb.toString(), "-k", kernels, "-n", "3",
                    "-s", "3", "--output-subtracted", out.toString()).inheritIO().start();
            if (pr.waitFor() != 0) {
                throw new IllegalStateException("ficonv failed");
            }
            double tf = (System.nanoTime() - t0) / 1e9;
            float[] fd = read(out, w, h);
            // ours in the blurry image's counts, as ficonv's: blurry - K . sharp - bg
            double c = refSharp ? a.fluxScale() : 1, sign = refSharp ? 1 : -1;
            float[] ours = new float[w * h];
            for (int i = 0; i < ours.length; i++) {
                ours[i] = (float) (sign * c * a.d()[i]);
            }
            boolean[] nearStars = nearBrightStars(w, h, 60, 2 * fwhmB);
            System.out.printf(Locale.ROOT, "pair %d (seeing %.1f/%.1f\", %s convolved, kernel %s): rms over searched px"
                            + " SkySift %.2f, ficonv %.2f; within 2 FWHM of the 60 brightest stars SkySift %.2f, ficonv %.2f;"
                            + " background sigma %.2f; ficonv %.2f s%n", k, seeing[k][0], seeing[k][1],
                    refSharp ? "reference" : "new", kernels, rms(ours, a.guard(), null), rms(fd, a.guard(), null),
                    rms(ours, a.guard(), nearStars), rms(fd, a.guard(), nearStars),
                    Math.sqrt(refSharp ? a.sigmaNew() * a.sigmaNew() : a.sigmaRef() * a.sigmaRef()), tf);
        }
    }

    /** Pixels within radius of the n brightest field stars on the reference grid. */
    private static boolean[] nearBrightStars(int w, int h, int n, double radius) {
        List<FieldFrames.Star> stars = new ArrayList<>(DiffPairs.FIELD);
        stars.sort((s, t) -> Double.compare(t.flux(), s.flux()));
        boolean[] m = new boolean[w * h];
        for (FieldFrames.Star s : stars.subList(0, n)) {
            double[] q = DiffPairs.REF.skyToPixel(s.ra(), s.dec());
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (Math.hypot(x + 1 - q[0], y + 1 - q[1]) <= radius) {
                        m[y * w + x] = true;
                    }
                }
            }
        }
        return m;
    }

    private static double rms(float[] d, boolean[] guard, boolean[] only) {
        double ss = 0;
        long n = 0;
        for (int i = 0; i < d.length; i++) {
            if (!guard[i] && (only == null || only[i])) {
                ss += (double) d[i] * d[i];
                n++;
            }
        }
        return Math.sqrt(ss / n);
    }

    private static void write(Path file, float[] img, int w, int h) throws Exception {
        float[][] rows = new float[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(img, y * w, rows[y], 0, w);
        }
        try (Fits f = new Fits()) {
            f.addHDU(Fits.makeHDU(rows));
            f.write(new File(file.toString()));
        }
    }

    private static float[] read(Path file, int w, int h) throws Exception {
        try (Fits f = new Fits(file.toFile())) {
            Object k = f.getHDU(0).getKernel();
            float[] out = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = k instanceof float[][] fl ? fl[y][x] : (float) ((double[][]) k)[y][x];
                }
            }
            return out;
        }
    }
}
