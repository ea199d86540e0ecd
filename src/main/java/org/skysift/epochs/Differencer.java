package org.skysift.epochs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.extract.Source;
import org.skysift.extract.psf.PsfBuilder;
import org.skysift.extract.psf.PsfCandidates;
import org.skysift.extract.psf.PsfModel;
import org.skysift.extract.psf.PsfParams;
import org.skysift.fits.FitsImage;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsException;
import org.skysift.wcs.WcsReader;

/**
 * Difference imaging of one pair: the new image is registered to the reference ({@link Registrar}),
 * resampled onto its grid ({@link Lanczos3}); both lose their backgrounds; each gets its PSF model at
 * the image centre (pass 2's pixel PSF, Moffat when too few stars); the flux scale is fitted on stars
 * unsaturated in both; then {@link Zogy} gives D, S and S_corr and {@link TransientPeaks} the changes,
 * measured from S and by forced PSF photometry on each image.
 *
 * <p>Pixels without data in either image (blank, saturated, outside the overlap) and a border of one
 * FWHM are masked: set to the background (0) with background variance in both images so that the
 * FFTs see no NaN and both images lose the same pixels. No transient is looked for within two
 * FWHM of a masked pixel, where the hole's edge leaves PSF-mismatch residuals.
 */
public final class Differencer {
    /** Reference stars need this forced-photometry S/N to enter the flux-scale fit. */
    static final double SCALE_MIN_SNR = 20;
    static final int SCALE_MIN_STARS = 5;
    /**
     * Share of a star's matched-filtered signal that the PSF models' errors leave in S (Zogy's mismatch
     * term). Pixel models of rendered Moffat stars are 2-7% off in the core. On four 600 x 600 null
     * pairs (1.32e6 searched px), with S's background noise measured on the sky (Zogy.skyScale2):
     * 0.0125 -> S_corr std 0.997-1.021, 4 peaks at |S_corr| >= 5 (3 beside stars); 0.015 -> 0.990-1.012,
     * 1; 0.0175 -> 0.983-1.003, 1; 0.02 -> 0.977-0.997, 1. The one left is a sky noise peak (5.09, 26 px
     * from any star), about what Gaussian noise of these PSFs gives at 5 sigma (~1 per 1.3e6 px).
     */
    static final double PSF_MISMATCH = 0.0175;
    private final DiffSettings settings;

    public Differencer(DiffSettings settings) {
        this.settings = settings;
    }

    public DiffResult diff(StackFrame reference, StackFrame fresh) {
        long t0 = cpuNanos();
        FitsImage ri = reference.image(), ni = fresh.image();
        int w = ri.width(), h = ri.height();
        Wcs refWcs = wcs(reference), newWcs = wcs(fresh);
        BackgroundEstimator be = new BackgroundEstimator(settings.backSize(), settings.backFilter());
        BackgroundMap bgR = be.estimate(ri.data(), w, h), bgN = be.estimate(ni.data(), ni.width(), ni.height());
        // one extraction of the reference serves its registration stars and its PSF model
        List<Source> sourcesR = new Extractor().extract(ri.data(), w, h, bgR, reference.extract());
        FrameStars starsR = FrameStars.of(sourcesR);
        if (starsR.size() < settings.minMatches()) {
            throw new IllegalArgumentException(reference.name() + ": the reference has " + starsR.size()
                    + " usable stars, at least " + settings.minMatches() + " needed to register the new image");
        }
        // the new plate's extraction likewise serves its registration and, mapped onto the reference
        // grid, picks the stars of its PSF model on the resampled plate (no second extraction there)
        List<Source> sourcesN = new Extractor().extract(ni.data(), ni.width(), ni.height(), bgN, fresh.extract());
        FrameStars starsN = FrameStars.of(sourcesN);
        FrameRegistration reg = new Registrar(refWcs, starsR, settings.searchPx(), settings.minMatches())
                .register(fresh.name(), newWcs, starsN);
        if (!reg.status().used()) {
            throw new IllegalArgumentException(fresh.name() + ": cannot be registered to " + reference.name() + ": "
                    + reg.reason());
        }
        long t1 = cpuNanos();
        Affine c = reg.correction();
        PixelMap map = new PixelMap(w, h, (x, y) -> {
            double[] sky = refWcs.pixelToSky(c.x(x, y), c.y(x, y));
            return sky == null ? null : newWcs.skyToPixel(sky[0], sky[1]);
        });
        double area = map.centralArea(w, h);
        float[] r = signal(ri, bgR, reference.extract().saturation());
        float[] n = Lanczos3.resample(signal(ni, bgN, fresh.extract().saturation()), ni.width(), ni.height(), map, w, h);
        double sigmaR = bgR.globalRms(), sigmaN = bgN.globalRms() * area;
        long t2 = cpuNanos();
        PsfModel mr = psf(r, w, h, sigmaR, PsfCandidates.of(sourcesR), reference.extract());
        PsfModel mn = psf(n, w, h, sigmaN, onReferenceGrid(PsfCandidates.of(sourcesN), newWcs, refWcs, c, area),
                fresh.extract());
        // one stamp radius for both (the smaller model's): kernels of other sizes leave rings of their own
        int stamp = Math.min(mr.radiusPx(), mn.radiusPx());
        PixelPsf pr = new PixelPsf(mr, (w + 1) / 2.0, (h + 1) / 2.0, stamp);
        PixelPsf pn = new PixelPsf(mn, (w + 1) / 2.0, (h + 1) / 2.0, stamp);
        double fwhm = Math.max(mr.fwhm(), mn.fwhm());
        long t3 = cpuNanos();

        boolean[] masked = new boolean[w * h];
        int border = (int) Math.ceil(fwhm);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                masked[i] = r[i] != r[i] || n[i] != n[i] || x < border || y < border || x >= w - border || y >= h - border;
            }
        }
        float[] vr = variance(r, masked, sigmaR, reference.extract().gain());
        float[] vn = variance(n, masked, sigmaN, fresh.extract().gain() / area);
        if (settings.method() == DiffMethod.ALARD_LUPTON) {
            return new AlardLupton(settings).diff(new DiffResult.Planes(r, n, vr, vn, masked, pr, pn), w, h, starsR, reg,
                    sigmaR, sigmaN, mr.fwhm(), mn.fwhm(), refWcs);
        }
        double fitRadius = Math.max(2, 1.5 * fwhm);
        double[] scale = fluxScale(starsR, r, n, vr, vn, masked, w, h, 4 * fwhm);
        double fn = scale[0];
        // ZOGY's astrometric term is the error of the registration, not the scatter of single star
        // centroids about it: the affine fit's error at a point is about rms sqrt(3 / pairs) per axis (3
        // parameters per axis). The centroid scatter itself (0.15-0.25 px) overstated it 10-fold and
        // pushed the S_corr std to 0.9 wherever stars are.
        double sigmaAst = reg.rmsPx() / Math.sqrt(2) * Math.sqrt(3.0 / Math.max(3, reg.matches()));
        boolean[] guard = dilate(masked, w, h, (int) Math.ceil(2 * fwhm));
        long t4 = cpuNanos();
        Zogy.Planes z = Zogy.subtract(r, n, vr, vn, w, h, pr, pn, sigmaR, sigmaN, fn, sigmaAst, PSF_MISMATCH, guard);

        long t5 = cpuNanos();
        int sep = Math.max(3, (int) Math.ceil(fwhm));
        List<Transient> found = new ArrayList<>();
        java.util.Set<Integer> sPeaks = new java.util.HashSet<>();
        for (int i : TransientPeaks.find(z.scorr(), guard, w, h, settings.threshold(), sep)) {
            // a bright source's own noise craters S_corr at its centre, leaving several S_corr peaks on a
            // ring around one peak of S: climb S to its peak, which also gives the position to measure at
            int top = TransientPeaks.climb(z.s(), w, h, i, (int) Math.ceil(3 * fwhm));
            if (!guard[top] && sPeaks.add(top)) {
                found.add(measure(top, z.scorr()[i], z, r, n, vr, vn, masked, w, h, pr, pn, fitRadius, fn, refWcs));
            }
        }
        double std = quietStd(z.scorr(), guard, found, w, h, (int) Math.ceil(3 * fwhm));
        long t6 = cpuNanos();
        return new DiffResult(w, h, z.d(), z.scorr(), guard, List.copyOf(found), reg, fn, (int) scale[1], sigmaR,
                sigmaN, mr.fwhm(), mn.fwhm(), z.fs(), std, guardedShare(guard), new DiffResult.Planes(r, n, vr, vn, masked, pr, pn),
                new DiffResult.Timing(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5));
    }

    private Transient measure(int i, double snr, Zogy.Planes z, float[] r, float[] n, float[] vr, float[] vn, boolean[] masked,
                              int w, int h, PixelPsf pr, PixelPsf pn, double fitRadius, double fn, Wcs refWcs) {
        int x = i % w, y = i / w;
        float[] s = z.s();
        // S is a smooth bump: a parabola through three pixels per axis gives the sub-pixel peak and its height
        double[] px = vertex(s[i - 1], s[i], s[i + 1]), py = vertex(s[i - w], s[i], s[i + w]);
        double peak = px[1] + py[1] - s[i];
        double x0 = x + px[0], y0 = y + py[0];
        double fluxDiff = peak / z.fs(), fluxDiffErr = Math.sqrt(z.var()[i]) / z.fs();
        double[] fr = ForcedPsfFlux.measure(r, vr, masked, w, h, pr, fitRadius, x0, y0, 0.3);
        double[] fnw = ForcedPsfFlux.measure(n, vn, masked, w, h, pn, fitRadius, x0, y0, 0.3);
        double fluxNew = fnw[0] / fn, fluxNewErr = fnw[1] / fn;
        TransientKind kind = TransientKind.classify(peak > 0, fr[0] / fr[1], fluxNew / fluxNewErr, settings.epochSnr());
        double[] sky = refWcs.pixelToSky(x0 + 1, y0 + 1);
        return new Transient(kind, x0 + 1, y0 + 1, sky == null ? Double.NaN : sky[0], sky == null ? Double.NaN : sky[1],
                Math.abs(snr), fluxDiff, fluxDiffErr, fr[0], fr[1], fluxNew, fluxNewErr);
    }

    /** Offset in [-0.5, 0.5] and height of the vertex of the parabola through (-1, a), (0, b), (1, c). */
    static double[] vertex(double a, double b, double c) {
        double den = a - 2 * b + c;
        if (!(den < 0)) {
            return new double[] {0, b};
        }
        double t = Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / den));
        return new double[] {t, b - 0.25 * (a - c) * t};
    }

    /**
     * Median of new / reference fluxes of reference stars in a wide aperture (4 FWHM of the broader
     * PSF, so that the ratio hardly depends on either PSF model; neighbours fall in both apertures
     * alike). Stars with a masked pixel in the aperture are left out (saturated cores are masked: a
     * plate's non-linear, saturating top end would pull the scale), as are those under S/N 20.
     * Returns {scale, stars}; scale 1 when fewer than SCALE_MIN_STARS qualify.
     */
    static double[] fluxScale(FrameStars stars, float[] r, float[] n, float[] vr, float[] vn, boolean[] masked,
                              int w, int h, double radius) {
        double[] ratios = new double[stars.size()];
        int k = 0;
        for (int j = 0; j < stars.size(); j++) {
            double[] a = aperture(r, vr, masked, w, h, stars.x()[j] - 1, stars.y()[j] - 1, radius);
            double[] b = aperture(n, vn, masked, w, h, stars.x()[j] - 1, stars.y()[j] - 1, radius);
            if (a != null && b != null && a[0] >= SCALE_MIN_SNR * a[1] && b[0] >= SCALE_MIN_SNR * b[1]) {
                ratios[k++] = b[0] / a[0];
            }
        }
        if (k < SCALE_MIN_STARS) {
            return new double[] {1, k};
        }
        double[] used = Arrays.copyOf(ratios, k);
        Arrays.sort(used);
        return new double[] {k % 2 == 1 ? used[k / 2] : (used[k / 2 - 1] + used[k / 2]) / 2, k};
    }

    /** {sum, error} in a disc around 0-based (x0, y0); null when it leaves the image or holds a masked pixel. */
    private static double[] aperture(float[] img, float[] var, boolean[] masked, int w, int h, double x0, double y0,
                                     double radius) {
        double sum = 0, v = 0;
        for (int y = (int) Math.floor(y0 - radius); y <= (int) Math.ceil(y0 + radius); y++) {
            for (int x = (int) Math.floor(x0 - radius); x <= (int) Math.ceil(x0 + radius); x++) {
                if ((x - x0) * (x - x0) + (y - y0) * (y - y0) > radius * radius) {
                    continue;
                }
                if (x < 0 || y < 0 || x >= w || y >= h || masked[y * w + x]) {
                    return null;
                }
                sum += img[y * w + x];
                v += var[y * w + x];
            }
        }
        return new double[] {sum, Math.sqrt(v)};
    }

    /** This thread's CPU time (wall time says little on a shared machine; FFT helper threads are not counted). */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
        return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static Wcs wcs(StackFrame f) {
        try {
            return WcsReader.fromHeader(f.image().header());
        } catch (WcsException e) {
            throw new IllegalArgumentException(f.name() + ": no usable WCS: " + e.getMessage(), e);
        }
    }

    /** Background-subtracted pixels, NaN where blank or saturated. */
    private static float[] signal(FitsImage img, BackgroundMap bg, double saturation) {
        float[] data = img.data();
        float[] s = bg.subtract(data);
        for (int i = 0; i < data.length; i++) {
            if (data[i] != data[i] || data[i] >= saturation) {
                s[i] = Float.NaN;
            }
        }
        return s;
    }

    /**
     * The PSF model of a background-subtracted image (NaN = no data) from pass-1 sources found on it:
     * pass 2's model builder without its photometry of every source. A constant model (degree 0)
     * would be 3x faster, but gave 4 false transients on 1.3e6 null-pair pixels against none for pass
     * 2's quadratic model evaluated at the centre (measured before V's single-precision fix in Zogy:
     * worth measuring again).
     */
    private static PsfModel psf(float[] sub, int w, int h, double sigma, PsfCandidates found, ExtractParams p) {
        float[] filled = sub.clone();
        for (int i = 0; i < filled.length; i++) {
            if (filled[i] != filled[i]) {
                filled[i] = 0;
            }
        }
        float[] rms = new float[w * h];
        Arrays.fill(rms, (float) sigma);
        return PsfBuilder.build(filled, rms, w, h, found, PsfParams.defaults().withGain(p.gain()));
    }

    /**
     * Sources of the new plate at their places on the reference grid (the inverse of the resampling's
     * map: new pixel -> sky -> reference pixel, then the registration's correction undone), FWHM in
     * reference pixels (area = new-plate pixels per reference pixel). Sources off the grid keep a
     * position outside it, which the star selection leaves out; those without a sky position are
     * dropped. Extracting the resampled plate instead found the same stars at ~0.1 s per 2k plate.
     */
    static PsfCandidates onReferenceGrid(PsfCandidates c, Wcs newWcs, Wcs refWcs, Affine corr, double area) {
        double det = corr.a1() * corr.b2() - corr.a2() * corr.b1();
        double linear = 1 / Math.sqrt(area);
        int n = c.size(), k = 0;
        double[] x = new double[n], y = new double[n], flux = new double[n], snr = new double[n];
        double[] fwhm = new double[n], elong = new double[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            double[] sky = newWcs.pixelToSky(c.x()[i], c.y()[i]);
            double[] q = sky == null ? null : refWcs.skyToPixel(sky[0], sky[1]);
            if (q == null || !Double.isFinite(q[0]) || !Double.isFinite(q[1])) {
                continue;
            }
            double u = q[0] - corr.a0(), v = q[1] - corr.b0();
            x[k] = (corr.b2() * u - corr.a2() * v) / det;
            y[k] = (corr.a1() * v - corr.b1() * u) / det;
            flux[k] = c.flux()[i];
            snr[k] = c.snr()[i];
            fwhm[k] = c.fwhm()[i] * linear;
            elong[k] = c.elongation()[i];
            flags[k++] = c.flags()[i];
        }
        return new PsfCandidates(Arrays.copyOf(x, k), Arrays.copyOf(y, k), Arrays.copyOf(flux, k),
                Arrays.copyOf(snr, k), Arrays.copyOf(fwhm, k), Arrays.copyOf(elong, k), Arrays.copyOf(flags, k));
    }

    /**
     * Background variance plus the Poisson variance of the sources (value / gain, gain in electrons per
     * count; none without a gain). Masked pixels become background: value 0, variance sigma^2.
     */
    private static float[] variance(float[] img, boolean[] masked, double sigma, double gain) {
        float[] v = new float[img.length];
        double s2 = sigma * sigma;
        for (int i = 0; i < img.length; i++) {
            if (masked[i]) {
                img[i] = 0;
                v[i] = (float) s2;
            } else {
                v[i] = (float) (s2 + (gain > 0 ? Math.max(img[i], 0) / gain : 0));
            }
        }
        return v;
    }

    static boolean[] dilate(boolean[] m, int w, int h, int r) {
        boolean[] rows = new boolean[m.length], out = new boolean[m.length];
        for (int y = 0; y < h; y++) {
            int last = -1_000_000;
            for (int x = 0; x < w; x++) {
                if (m[y * w + x]) {
                    last = x;
                }
                rows[y * w + x] = x - last <= r;
            }
            last = 1_000_000;
            for (int x = w - 1; x >= 0; x--) {
                if (m[y * w + x]) {
                    last = x;
                }
                rows[y * w + x] |= last - x <= r;
            }
        }
        for (int x = 0; x < w; x++) {
            int last = -1_000_000;
            for (int y = 0; y < h; y++) {
                if (rows[y * w + x]) {
                    last = y;
                }
                out[y * w + x] = y - last <= r;
            }
            last = 1_000_000;
            for (int y = h - 1; y >= 0; y--) {
                if (rows[y * w + x]) {
                    last = y;
                }
                out[y * w + x] |= last - y <= r;
            }
        }
        return out;
    }

    static double guardedShare(boolean[] guard) {
        int n = 0;
        for (boolean g : guard) {
            n += g ? 1 : 0;
        }
        return n / (double) guard.length;
    }

    /**
     * Standard deviation of a significance image (S_corr, or Alard-Lupton's) over the unguarded pixels farther
     * than {@code around} from every transient found, as {@link DiffResult#scorrStd()} is defined: a change's own
     * bump is signal, not spread (32 changes at S/N 13-44 on a 400 x 400 pair put the std over all pixels at
     * 1.98, beyond them 0.92).
     */
    static double quietStd(float[] sig, boolean[] guard, List<Transient> found, int w, int h, int around) {
        boolean[] quiet = guard.clone();
        for (Transient t : found) {
            int tx = (int) Math.round(t.x() - 1), ty = (int) Math.round(t.y() - 1);
            for (int y = Math.max(0, ty - around); y <= Math.min(h - 1, ty + around); y++) {
                for (int x = Math.max(0, tx - around); x <= Math.min(w - 1, tx + around); x++) {
                    quiet[y * w + x] |= (x - tx) * (x - tx) + (y - ty) * (y - ty) <= around * around;
                }
            }
        }
        double s = 0, ss = 0;
        int n = 0;
        for (int i = 0; i < sig.length; i++) {
            if (!quiet[i]) {
                s += sig[i];
                ss += (double) sig[i] * sig[i];
                n++;
            }
        }
        double mean = n > 0 ? s / n : 0;
        return n > 1 ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : Double.NaN;
    }
}
