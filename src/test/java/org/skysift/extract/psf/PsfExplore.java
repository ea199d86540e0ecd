package org.skysift.extract.psf;

import org.skysift.synth.Realism;
import org.skysift.synth.RenderedTile;

/** Diagnostics printout while tuning (not a test). */
public final class PsfExplore {
    public static void main(String[] a) {
        long t0 = System.nanoTime();
        double dens = Double.parseDouble(a[0]);
        Realism re = a[1].equals("none") ? Realism.NONE : a[1].equals("fwhm") ? Realism.NONE.withFwhmVariation(0.15)
                : Realism.PLATE.withScratches(0, 0).withCosmicRays(100, 500, 20000);
        PsfFields.Field f = PsfFields.render(7, 40, dens, re);
        long t1 = System.nanoTime();
        PsfCandidates c = f.candidates();
        PsfParams p = PsfParams.defaults().withGain(Double.parseDouble(System.getProperty("gain", "1"))).withOversampling(Integer.parseInt(a[2])).withDegree(Integer.getInteger("deg", 2)).withSubtractNeighbours(a.length > 3);
        PsfModel m = PsfBuilder.build(f.sub(), f.rms(), f.w(), f.h(), c, p);
        long t2 = System.nanoTime();
        System.out.printf("w=%d stars=%d render=%.0fms build=%.0fms origin=%s used=%d deg=%d chi2=%.3f res=%.4f fwhm=%.3f truth=%.3f%n",
                f.w(), f.stars().size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, m.origin(), m.starCount(), m.degree(), m.chi2(), m.residualRms(), m.fwhm(), f.tile().fwhmPx());
        var ff = f.tile().artifacts().fwhmField();
        for (double[] q : new double[][] {{50, 50}, {f.w() - 50, 50}, {f.w() / 2.0, f.h() / 2.0}, {50, f.h() - 50}, {f.w() - 50, f.h() - 50}}) {
            System.out.printf("  at %.0f,%.0f model %.3f truth %.3f  maxdiff/peak %.4f%n", q[0], q[1], m.fwhmAt(q[0], q[1]), ff.at(q[0], q[1]), gridError(m, q[0], q[1], ff.at(q[0], q[1])));
        }
        PsfMeasurements r = PsfPhotometry.measure(f.sub(), f.rms(), f.w(), f.h(), m, f.xs(), f.ys(), p);
        long t3 = System.nanoTime();
        System.out.printf("pass2 %.0f ms%n", (t3 - t2) / 1e6);
        int n = 0;
        java.util.List<Double> ratio = new java.util.ArrayList<>();
        java.util.List<Double> pull = new java.util.ArrayList<>();
        java.util.List<Double> spread = new java.util.ArrayList<>();
        java.util.List<Double> dxs = new java.util.ArrayList<>();
        for (int i = 0; i < f.stars().size(); i++) {
            RenderedTile.PlacedStar s = f.stars().get(i);
            if (s.saturated() || r.flags()[i] != 0) continue;
            double snr = s.flux() / r.fluxErr()[i];
            if (snr < 20) continue;
            ratio.add(r.flux()[i] / s.flux());
            pull.add((r.flux()[i] - s.flux()) / r.fluxErr()[i]);
            spread.add(r.spread()[i]);
            if (snr > 100) dxs.add(Math.hypot(r.x()[i] - s.x(), r.y()[i] - s.y()));
        }
        for (double[] bin : new double[][] {{20, 50}, {50, 150}, {150, 500}, {500, 1e9}}) {
            java.util.List<Double> rb = new java.util.ArrayList<>(), pb = new java.util.ArrayList<>();
            for (int i = 0; i < f.stars().size(); i++) {
                RenderedTile.PlacedStar s = f.stars().get(i);
                double snr = s.flux() / r.fluxErr()[i];
                if (s.saturated() || r.flags()[i] != 0 || snr < bin[0] || snr >= bin[1]) continue;
                rb.add(r.flux()[i] / s.flux());
                pb.add((r.flux()[i] - s.flux()) / r.fluxErr()[i]);
            }
            System.out.printf("  snr %.0f-%.0f n=%d ratio %.4f pullIQR %.2f%n", bin[0], bin[1], rb.size(), q(rb, .5), (q(pb, .75) - q(pb, .25)) / 1.349);
        }
        System.out.printf("stars snr>20: %d median ratio %.4f  pull median %.2f  pull IQR/1.349 %.2f%n", ratio.size(), q(ratio, .5), q(pull, .5), (q(pull, .75) - q(pull, .25)) / 1.349);
        System.out.printf("spread stars q02 %.5f q50 %.5f q98 %.5f; pos err bright median %.4f%n", q(spread, .02), q(spread, .5), q(spread, .98), q(dxs, .5));
        var crs = f.tile().artifacts().cosmicRays();
        double[] cx = crs.stream().mapToDouble(x -> x.x()).toArray(), cy = crs.stream().mapToDouble(x -> x.y()).toArray();
        PsfMeasurements rc = PsfPhotometry.measure(f.sub(), f.rms(), f.w(), f.h(), m, cx, cy, p.withSubtractNeighbours(false));
        java.util.List<Double> cs = new java.util.ArrayList<>();
        for (int i = 0; i < cx.length; i++) cs.add(Double.isNaN(rc.spread()[i]) ? -1 : rc.spread()[i]);
        System.out.printf("CRs %d spread q50 %.4f q95 %.4f q99 %.4f%n", cs.size(), q(cs, .5), q(cs, .95), q(cs, .99));
    }

    static double gridError(PsfModel m, double x, double y, double fwhm) {
        double[] g = m.gridAt(x, y);
        int n = m.gridSize(), c = m.radiusPx() * m.oversampling(), os = m.oversampling();
        double alpha = fwhm / (2 * Math.sqrt(Math.pow(2, 1 / 3.0) - 1)), i0 = 2 / (Math.PI * alpha * alpha);
        double worst = 0;
        for (int v = 0; v < n; v++) for (int u = 0; u < n; u++) {
            double dx = (u - c) / (double) os, dy = (v - c) / (double) os;
            double t = i0 * Math.pow(1 + (dx * dx + dy * dy) / (alpha * alpha), -3);
            worst = Math.max(worst, Math.abs(g[v * n + u] - t));
        }
        if (System.getenv("DUMP") != null && Math.abs(x - m.width() / 2.0) < 2) {
            StringBuilder sb = new StringBuilder();
            for (int u = c - 4 * os; u <= c + 4 * os; u++) {
                double dx = (u - c) / (double) os;
                sb.append(String.format(" %.4f/%.4f", g[c * n + u] / i0, Math.pow(1 + dx * dx / (alpha * alpha), -3)));
            }
            System.out.println(sb);
        }
        return worst / i0;
    }

    static double q(java.util.List<Double> v, double p) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : a[(int) Math.min(a.length - 1, Math.floor(p * a.length))];
    }
}
