package org.skysift.epochs;

import java.util.Arrays;
import java.util.List;

/**
 * Light curves: forced PSF photometry of objects at fixed positions on every epoch, and per object the
 * flux ratio and the significance of its variability.
 *
 * <p>Use: build the planes on the reference grid from the differences of each new epoch against the
 * reference, reference first ({@link EpochPlane#reference}, then {@link EpochPlane#fresh} per difference),
 * then {@code new LightCurves(variableSigma).measure(planes, x0, y0)} with the objects' 0-based reference
 * pixel positions (FITS x - 1, y - 1). {@link Result} has, per object i and epoch e (the planes' order),
 * {@code flux[i][e]}, {@code err[i][e]} (NaN when no flux), {@code flags[i][e]}, and {@code stats[i]}: one
 * pipeline.LightcurveRow per (i, e) and one pipeline.VariabilityRow per i.
 *
 * <p>Method. Each plane: {@link GroupPsfPhotometry} fits each object's PSF together with its neighbours'
 * (linear, positions fixed), twice: the second time with the PSF model corrected by the median radial
 * residual profile of the epoch's bright stars ({@link RadialCorrection}). Errors count the pixels'
 * variances, a per-pixel PSF-model error (psfError x the fitted model) and the fit's excess residuals.
 * Then each new epoch is put on the reference epoch's PSF-flux scale: the planes are already divided by
 * the difference's flux scale, fitted in wide apertures, but each epoch's PSF model has its own aperture
 * correction (1-3% apart here), so the median ratio of the epoch's PSF fluxes to the reference's over
 * objects of S/N >= 20 in both, unflagged, is divided out (ensemble photometry; left at 1 with fewer than
 * 5 such objects). Errors then get a systematic floor in quadrature, errorFloor x |flux|, and are
 * calibrated on the ensemble of the objects ({@link ErrorCalibration}: multiplied by the factor that brings
 * the median chi2 of the objects of their S/N to the median of its law, never below 1). Statistics use
 * the unflagged epochs only. Objects closer than 1 px to each other are one star to the fit (a target on
 * a pass-2 source): each gets the star's flux.
 *
 * <p>Flags (or-ed): {@link #FLAG_NEAR_MASK} a masked pixel (saturated, edge, no data) in the fit disc;
 * {@link #FLAG_OFF_IMAGE} the position is off the grid or where the epoch has no data (no flux);
 * {@link #FLAG_MASKED} more than a third of the PSF's weight in the disc is masked (no flux).
 */
public final class LightCurves {
    public static final int FLAG_NEAR_MASK = 1, FLAG_OFF_IMAGE = 2, FLAG_MASKED = 4;
    /**
     * With calibrated errors a constant star passes 3.5 sigma (p = 4.7e-4) only through the tails the model
     * misses (crowding): 0.27% over five realisations of the test field, at most 1 of 223 in one, against
     * 1% allowed (3 sigma reached 0.9-1.3% in some); 5 sigma misses half the 0.3 mag changes at S/N 20
     * (docs/EPOCHS.md, "Light curves").
     */
    public static final double DEFAULT_VARIABLE_SIGMA = 3.5;
    /** Fractional systematic error added in quadrature; see docs/EPOCHS.md ("Light curves") for the figure. */
    public static final double DEFAULT_ERROR_FLOOR = 0.005;
    static final double SCALE_MIN_SNR = 20;
    static final int SCALE_MIN_OBJECTS = 5;

    /**
     * Relative error of an epoch's PSF model per pixel (see GroupPsfPhotometry); chosen with the error floor
     * on rendered epochs (docs/EPOCHS.md, "Light curves") so that constant stars' chi2 follows its law.
     */
    public static final double DEFAULT_PSF_ERROR = 0.02;

    private final double variableSigma, errorFloor, psfError;
    boolean profileCorrection = true;
    private final boolean neighbours, ensemble, calibrate;

    public LightCurves(double variableSigma) {
        this(variableSigma, DEFAULT_ERROR_FLOOR);
    }

    public LightCurves(double variableSigma, double errorFloor) {
        this(variableSigma, errorFloor, DEFAULT_PSF_ERROR, true, true);
    }

    /** neighbours: fit neighbours with each object; ensemble: rescale epochs on the objects (both on by default). */
    LightCurves(double variableSigma, double errorFloor, double psfError, boolean neighbours, boolean ensemble) {
        this(variableSigma, errorFloor, psfError, neighbours, ensemble, true);
    }

    /** calibrate: scale the errors on the ensemble of objects (ErrorCalibration; on by default). */
    LightCurves(double variableSigma, double errorFloor, double psfError, boolean neighbours, boolean ensemble,
                boolean calibrate) {
        if (!(variableSigma > 0)) {
            throw new IllegalArgumentException("lightcurves.variable_sigma " + variableSigma + ": must be > 0");
        }
        if (!(errorFloor >= 0 && errorFloor < 1)) {
            throw new IllegalArgumentException("light-curve error floor " + errorFloor + ": must be in [0, 1)");
        }
        this.variableSigma = variableSigma;
        this.errorFloor = errorFloor;
        this.psfError = psfError;
        this.neighbours = neighbours;
        this.ensemble = ensemble;
        this.calibrate = calibrate;
    }

    /**
     * @param flux  [object][epoch], reference counts, NaN when none
     * @param scale per epoch, the ensemble factor divided out (1 for the reference)
     * @param errScale per object, the factor the ensemble calibration multiplied its errors by (1 when none)
     */
    public record Result(List<String> epochs, double[][] flux, double[][] err, int[][] flags, double[] scale,
                         double[] errScale, VariabilityStats[] stats) {}

    public Result measure(List<EpochPlane> planes, double[] x0, double[] y0) {
        if (planes.isEmpty()) {
            throw new IllegalArgumentException("light curves need at least one epoch plane");
        }
        if (x0.length != y0.length) {
            throw new IllegalArgumentException("object positions: " + x0.length + " x but " + y0.length + " y");
        }
        EpochPlane ref = planes.get(0);
        for (EpochPlane p : planes) {
            if (p.width() != ref.width() || p.height() != ref.height()) {
                throw new IllegalArgumentException("epoch " + p.epoch() + ": grid " + p.width() + " x " + p.height()
                        + ", the reference epoch " + ref.epoch() + " has " + ref.width() + " x " + ref.height());
            }
        }
        int n = x0.length, ne = planes.size();
        double[][] flux = new double[n][ne], err = new double[n][ne];
        int[][] flags = new int[n][ne];
        double[] scale = new double[ne];
        for (int e = 0; e < ne; e++) {
            GroupPsfPhotometry.Measure[] m = GroupPsfPhotometry.measure(planes.get(e), x0, y0, neighbours, psfError, profileCorrection);
            for (int i = 0; i < n; i++) {
                flux[i][e] = m[i].flux();
                err[i][e] = m[i].err();
                flags[i][e] = m[i].flags();
            }
        }
        for (int e = 0; e < ne; e++) {
            scale[e] = e == 0 || !ensemble ? 1 : ensembleScale(flux, err, flags, e);
            for (int i = 0; i < n; i++) {
                double f = flux[i][e] / scale[e], s = err[i][e] / scale[e];
                flux[i][e] = f;
                err[i][e] = Math.sqrt(s * s + errorFloor * errorFloor * f * f);
            }
        }
        double[] errScale = new double[n];
        Arrays.fill(errScale, 1);
        if (calibrate) {
            errScale = ErrorCalibration.of(flux, err, flags).perObject();
            for (int i = 0; i < n; i++) {
                for (int e = 0; e < ne; e++) {
                    err[i][e] *= errScale[i];
                }
            }
        }
        VariabilityStats[] stats = new VariabilityStats[n];
        for (int i = 0; i < n; i++) {
            stats[i] = stats(flux[i], err[i], flags[i]);
        }
        return new Result(planes.stream().map(EpochPlane::epoch).toList(), flux, err, flags, scale, errScale, stats);
    }

    /** Median of epoch e's fluxes over the reference's, objects of S/N >= 20 in both and unflagged. */
    private static double ensembleScale(double[][] flux, double[][] err, int[][] flags, int e) {
        double[] r = new double[flux.length];
        int k = 0;
        for (int i = 0; i < flux.length; i++) {
            if (flags[i][0] == 0 && flags[i][e] == 0 && flux[i][0] >= SCALE_MIN_SNR * err[i][0]
                    && flux[i][e] >= SCALE_MIN_SNR * err[i][e]) {
                r[k++] = flux[i][e] / flux[i][0];
            }
        }
        if (k < SCALE_MIN_OBJECTS) {
            return 1;
        }
        Arrays.sort(r, 0, k);
        return k % 2 == 1 ? r[k / 2] : 0.5 * (r[k / 2 - 1] + r[k / 2]);
    }

    /** An epoch the statistics use: unflagged, with a flux and a positive error. */
    static boolean usable(double flux, double err, int flags) {
        return flags == 0 && err > 0 && flux == flux;
    }

    VariabilityStats stats(double[] flux, double[] err, int[] flags) {
        int n = 0;
        double sw = 0, swf = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int iMin = -1, iMax = -1;
        for (int e = 0; e < flux.length; e++) {
            if (!usable(flux[e], err[e], flags[e])) {
                continue;
            }
            n++;
            double wt = 1 / (err[e] * err[e]);
            sw += wt;
            swf += wt * flux[e];
            if (flux[e] < min) {
                min = flux[e];
                iMin = e;
            }
            if (flux[e] > max) {
                max = flux[e];
                iMax = e;
            }
        }
        if (n == 0) {
            return new VariabilityStats(0, null, null, null, null, null, null, 0, null, false);
        }
        double mean = swf / sw;
        Double ratio = null, ratioErr = null;
        if (min > 0) {
            ratio = max / min;
            ratioErr = ratio * Math.hypot(err[iMax] / max, err[iMin] / min);
        }
        if (n < 2) {
            return new VariabilityStats(n, mean, min, max, ratio, ratioErr, null, 0, null, false);
        }
        double chi2 = 0;
        for (int e = 0; e < flux.length; e++) {
            if (usable(flux[e], err[e], flags[e])) {
                double d = (flux[e] - mean) / err[e];
                chi2 += d * d;
            }
        }
        double sig = ChiSquareTail.sigmas(chi2, n - 1);
        return new VariabilityStats(n, mean, min, max, ratio, ratioErr, chi2, n - 1, sig, sig >= variableSigma);
    }
}
