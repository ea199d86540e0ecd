package org.skysift.extract.psf;

import java.util.SplittableRandom;

/** Noise-free Moffat stars on a lattice: isolates algorithmic bias (diagnostic, not a test). */
public final class PsfIdeal {
    public static void main(String[] a) {
        int w = 1000, h = 1000, os = Integer.parseInt(a[0]);
        double fwhm = 2.84, beta = 3, alpha = fwhm / (2 * Math.sqrt(Math.pow(2, 1 / beta) - 1)), i0n = (beta - 1) / (Math.PI * alpha * alpha);
        float[] img = new float[w * h], rms = new float[w * h];
        java.util.Arrays.fill(rms, 1f);
        SplittableRandom rng = new SplittableRandom(1);
        int ns = 0;
        double[] xs = new double[400], ys = new double[400], fl = new double[400];
        for (int j = 0; j < 20; j++) for (int i = 0; i < 20; i++) {
            double x = 25 + i * 47.5 + rng.nextDouble(), y = 25 + j * 47.5 + rng.nextDouble(), f = 1e5;
            xs[ns] = x + 1; ys[ns] = y + 1; fl[ns++] = f;
            for (int yy = (int) y - 30; yy <= y + 30; yy++) for (int xx = (int) x - 30; xx <= x + 30; xx++) {
                if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
                double r2 = (xx - x) * (xx - x) + (yy - y) * (yy - y);
                img[yy * w + xx] += (float) (f * i0n * Math.pow(1 + r2 / (alpha * alpha), -beta));
            }
        }
        double[] snr = new double[ns], fw = new double[ns], el = new double[ns];
        java.util.Arrays.fill(snr, 1000); java.util.Arrays.fill(fw, fwhm); java.util.Arrays.fill(el, 1.0);
        PsfCandidates c = new PsfCandidates(xs, ys, fl.clone(), snr, fw, el, new int[ns]);
        PsfParams p = PsfParams.defaults().withOversampling(os).withDegree(Integer.parseInt(a[1]));
        PsfModel m = PsfBuilder.build(img, rms, w, h, c, p);
        System.out.printf("used %d fwhm %.4f maxdiff/peak %.4f%n", m.starCount(), m.fwhm(), PsfExplore.gridError(m, 500, 500, fwhm));
        PsfMeasurements r = PsfPhotometry.measure(img, rms, w, h, m, xs, ys, p.withSubtractNeighbours(false));
        double sr = 0, sd = 0;
        for (int i = 0; i < ns; i++) { sr += r.flux()[i] / fl[i]; sd += Math.hypot(r.x()[i] - xs[i], r.y()[i] - ys[i]); }
        System.out.printf("mean flux ratio %.5f mean pos err %.4f%n", sr / ns, sd / ns);
    }
}
