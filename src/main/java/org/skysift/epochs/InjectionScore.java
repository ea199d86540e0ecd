package org.skysift.epochs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.skysift.sky.Angles;
import org.skysift.synth.InjectedChange;

/**
 * How well difference imaging recovered the injected changes of one epoch (synthetic runs).
 *
 * <p>Use: {@code new InjectionScore(radiusArcsec, changeNoise, gain).withSaturated(raDecs, arcsec)
 * .score(epoch, changes, transients)}. {@link Summary#recoveries()} has one {@link Recovery} per
 * injected change of that epoch, with every field of a {@code pipeline.EpochInjectionRow} (transientIndex
 * is the index into the transients list); the rest of the summary aggregates them.
 *
 * <p><b>Matching.</b> Changes of other epochs in the list are ignored. Change-transient pairs within
 * the radius (arcsec, on the sky) are matched one to one, closest pairs first. A recovered change
 * carries the transient's kind and {@code fluxDiff} (new minus reference, in reference counts).
 *
 * <p><b>Expected S/N</b> of a change Δ = fluxNew - fluxRef (a point source on the difference image):
 * <pre>
 *   S/N = |Δ| / sqrt(σ_Δ² + c (fluxRef + fluxNew) / gain),   c = 1.5
 * </pre>
 * σ_Δ is the error of a point-source flux change from the background noise alone: from a ZOGY run,
 * 1 / sqrt(F_S) ({@link #changeNoise(DiffResult)}: exact for the run's two PSFs and noise levels);
 * without one, sqrt(σ_r² + σ_n²) sqrt(4π) σ_psf ({@link #changeNoise(double, double, double)}: equal
 * Gaussian PSFs of sigma σ_psf, ZOGY's optimum then). The second term is the star's own Poisson noise
 * in both epochs: a PSF-weighted flux of a star of f counts has variance f Σp³ / (Σp²)² / gain, with
 * Σp³ / (Σp²)² = 4/3 for a Gaussian and 25/16 for a Moffat of beta 3 (c takes 1.5). Without a gain
 * (0 or NaN) the term is left out.
 *
 * <p><b>Figures.</b> Recall per class and per expected-S/N bin ([3, 5), [5, 10), [10, 20), >= 20, and
 * below 3); precision = matched transients / (matched + false), a false transient being one matched to
 * no change and farther than the saturated-star radius from every saturated star (those near one are
 * counted apart: plates' saturated stars leave residuals that are masked, not transients); the right-class
 * rate among recovered changes; the median of fluxDiff / Δ over recovered changes of S/N >= 10
 * (lower S/N recoveries are biased upwards: only upward noise crosses the threshold).
 */
public final class InjectionScore {
    /** Lower edges of the expected-S/N bins; a change below the first is counted in "< 3". */
    public static final double[] SNR_EDGES = {3, 5, 10, 20};
    static final double SOURCE_NOISE_FACTOR = 1.5;
    /** Changes at least this expected S/N enter the flux-ratio median and the headline recall. */
    public static final double HIGH_SNR = 10;

    private final double radiusArcsec;
    private final double changeNoise;
    private final double gain;
    private final List<double[]> saturated;
    private final double saturatedRadiusArcsec;

    /**
     * @param radiusArcsec how far a transient may lie from a change to recover it
     * @param changeNoise  σ_Δ: background error of a point-source flux change, reference counts
     * @param gain         electrons per count for the source-noise term (0 or NaN: none)
     */
    public InjectionScore(double radiusArcsec, double changeNoise, double gain) {
        this(radiusArcsec, changeNoise, gain, List.of(), 0);
    }

    private InjectionScore(double radiusArcsec, double changeNoise, double gain, List<double[]> saturated,
                           double saturatedRadiusArcsec) {
        if (!(radiusArcsec > 0)) {
            throw new IllegalArgumentException("injection radius " + radiusArcsec + "\": must be > 0");
        }
        if (!(changeNoise > 0)) {
            throw new IllegalArgumentException("change noise " + changeNoise + ": must be > 0");
        }
        this.radiusArcsec = radiusArcsec;
        this.changeNoise = changeNoise;
        this.gain = gain;
        this.saturated = saturated;
        this.saturatedRadiusArcsec = saturatedRadiusArcsec;
    }

    /** Saturated stars ({ra, dec} degrees): unmatched transients within radiusArcsec of one are not false. */
    public InjectionScore withSaturated(List<double[]> raDec, double radiusArcsec) {
        return new InjectionScore(this.radiusArcsec, changeNoise, gain, List.copyOf(raDec), radiusArcsec);
    }

    /** σ_Δ of a ZOGY run: 1 / sqrt(F_S), background only, in reference counts. */
    public static double changeNoise(DiffResult r) {
        return 1 / Math.sqrt(r.fluxPerS());
    }

    /** σ_Δ for equal Gaussian PSFs of sigma psfSigmaPx: sqrt(σ_r² + σ_n²) sqrt(4π) σ_psf. */
    public static double changeNoise(double sigmaRef, double sigmaNew, double psfSigmaPx) {
        return Math.sqrt(sigmaRef * sigmaRef + sigmaNew * sigmaNew) * Math.sqrt(4 * Math.PI) * psfSigmaPx;
    }

    /** Expected S/N of a change (class comment). */
    public double expectedSnr(InjectedChange c) {
        double var = changeNoise * changeNoise;
        if (gain > 0) {
            var += SOURCE_NOISE_FACTOR * (c.fluxRef() + c.fluxNew()) / gain;
        }
        return Math.abs(c.fluxNew() - c.fluxRef()) / Math.sqrt(var);
    }

    /**
     * One injected change and what became of it.
     *
     * @param foundKind      the matched transient's kind (lower case), null when not recovered
     * @param transientIndex index of the matched transient in the scored list, null when not recovered
     * @param fluxDiff       the matched transient's flux_diff, null when not recovered
     */
    public record Recovery(InjectedChange change, double expectedSnr, boolean recovered, String foundKind,
                           Integer transientIndex, Double fluxDiff) {
        public double injectedDiff() {
            return change.fluxNew() - change.fluxRef();
        }

        public boolean rightKind() {
            return recovered && change.kind().equals(foundKind);
        }
    }

    /** Recovered of injected in one class or S/N bin. */
    public record Tally(String label, int injected, int recovered, int rightKind) {
        public double recall() {
            return injected == 0 ? Double.NaN : recovered / (double) injected;
        }
    }

    /**
     * @param byKind          appeared, vanished, brightened, faded (in that order)
     * @param bySnr           "< 3", "3-5", "5-10", "10-20", ">= 20"
     * @param highSnr         changes of expected S/N >= 10 together
     * @param falseTransients transients matched to no change and away from saturated stars
     * @param nearSaturated   transients matched to no change within the saturated-star radius
     * @param precision       matched / (matched + false); NaN without transients
     * @param rightClassRate  right kind among recovered changes; NaN when none
     * @param medianFluxRatio median fluxDiff / Δ over recovered changes of S/N >= 10; NaN when none
     */
    public record Summary(List<Recovery> recoveries, List<Tally> byKind, List<Tally> bySnr, Tally highSnr,
                          int transients, int matched, int falseTransients, int nearSaturated, double precision,
                          double rightClassRate, double medianFluxRatio) {}

    /** Scores the transients found on {@code epoch} against that epoch's changes among {@code changes}. */
    public Summary score(String epoch, List<InjectedChange> changes, List<Transient> transients) {
        List<InjectedChange> mine = new ArrayList<>();
        for (InjectedChange c : changes) {
            if (c.epoch().equals(epoch)) {
                mine.add(c);
            }
        }
        List<double[]> pairs = new ArrayList<>(); // {distance, change, transient}
        for (int i = 0; i < mine.size(); i++) {
            for (int j = 0; j < transients.size(); j++) {
                Transient t = transients.get(j);
                double d = Angles.separationArcsec(mine.get(i).ra(), mine.get(i).dec(), t.ra(), t.dec());
                if (d <= radiusArcsec) {
                    pairs.add(new double[] {d, i, j});
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(a[0], b[0]));
        int[] match = new int[mine.size()];
        Arrays.fill(match, -1);
        boolean[] taken = new boolean[transients.size()];
        for (double[] p : pairs) {
            int i = (int) p[1], j = (int) p[2];
            if (match[i] < 0 && !taken[j]) {
                match[i] = j;
                taken[j] = true;
            }
        }
        List<Recovery> out = new ArrayList<>(mine.size());
        for (int i = 0; i < mine.size(); i++) {
            InjectedChange c = mine.get(i);
            Transient t = match[i] < 0 ? null : transients.get(match[i]);
            out.add(new Recovery(c, expectedSnr(c), t != null, t == null ? null : t.kind().label(),
                    t == null ? null : match[i], t == null ? null : t.fluxDiff()));
        }
        int matched = 0, falses = 0, nearSat = 0;
        for (int j = 0; j < transients.size(); j++) {
            if (taken[j]) {
                matched++;
            } else if (nearSaturated(transients.get(j))) {
                nearSat++;
            } else {
                falses++;
            }
        }
        return summarize(out, transients.size(), matched, falses, nearSat);
    }

    private boolean nearSaturated(Transient t) {
        for (double[] s : saturated) {
            if (Angles.separationArcsec(s[0], s[1], t.ra(), t.dec()) <= saturatedRadiusArcsec) {
                return true;
            }
        }
        return false;
    }

    static Summary summarize(List<Recovery> rs, int transients, int matched, int falses, int nearSat) {
        Map<String, List<Recovery>> kinds = new LinkedHashMap<>();
        for (TransientKind k : TransientKind.values()) {
            kinds.put(k.label(), new ArrayList<>());
        }
        List<List<Recovery>> bins = new ArrayList<>();
        for (int b = 0; b <= SNR_EDGES.length; b++) {
            bins.add(new ArrayList<>());
        }
        List<Recovery> high = new ArrayList<>();
        int recovered = 0, right = 0;
        List<Double> ratios = new ArrayList<>();
        for (Recovery r : rs) {
            kinds.computeIfAbsent(r.change().kind(), k -> new ArrayList<>()).add(r);
            int b = 0;
            while (b < SNR_EDGES.length && r.expectedSnr() >= SNR_EDGES[b]) {
                b++;
            }
            bins.get(b).add(r);
            if (r.expectedSnr() >= HIGH_SNR) {
                high.add(r);
                if (r.recovered()) {
                    ratios.add(r.fluxDiff() / r.injectedDiff());
                }
            }
            if (r.recovered()) {
                recovered++;
                right += r.rightKind() ? 1 : 0;
            }
        }
        List<Tally> byKind = new ArrayList<>();
        kinds.forEach((k, list) -> byKind.add(tally(k, list)));
        List<Tally> bySnr = new ArrayList<>();
        for (int b = 0; b < bins.size(); b++) {
            String label = b == 0 ? "< " + fmt(SNR_EDGES[0]) : b == SNR_EDGES.length ? ">= " + fmt(SNR_EDGES[b - 1])
                    : fmt(SNR_EDGES[b - 1]) + "-" + fmt(SNR_EDGES[b]);
            bySnr.add(tally(label, bins.get(b)));
        }
        double precision = matched + falses == 0 ? Double.NaN : matched / (double) (matched + falses);
        return new Summary(List.copyOf(rs), List.copyOf(byKind), List.copyOf(bySnr), tally(">= " + fmt(HIGH_SNR), high),
                transients, matched, falses, nearSat, precision, recovered == 0 ? Double.NaN : right / (double) recovered,
                median(ratios));
    }

    private static Tally tally(String label, List<Recovery> rs) {
        int rec = 0, right = 0;
        for (Recovery r : rs) {
            rec += r.recovered() ? 1 : 0;
            right += r.rightKind() ? 1 : 0;
        }
        return new Tally(label, rs.size(), rec, right);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }
}
