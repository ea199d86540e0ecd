package org.skysift.extract.psf;

/**
 * The detection list with pass-1 measurements, one entry per source; every source (not only the
 * likely stars) so that isolation can be judged. Positions are FITS 1-based.
 *
 * @param flux  total flux estimate (e.g. FLUX_AUTO), used to judge neighbours; NaN allowed
 * @param flags SExtractor flags; any non-zero flag disqualifies a PSF star
 */
public record PsfCandidates(double[] x, double[] y, double[] flux, double[] snr, double[] fwhm,
                            double[] elongation, int[] flags) {

    public PsfCandidates {
        int n = length("x", x);
        same("y", length("y", y), n);
        same("flux", length("flux", flux), n);
        same("snr", length("snr", snr), n);
        same("fwhm", length("fwhm", fwhm), n);
        same("elongation", length("elongation", elongation), n);
        if (flags == null) {
            throw new IllegalArgumentException("psf candidates: flags is null");
        }
        same("flags", flags.length, n);
    }

    /** The pass-1 measurements of a detection list: XWIN/YWIN, FLUX_AUTO, SNR_WIN, FWHM, elongation, FLAGS. */
    public static PsfCandidates of(java.util.List<org.skysift.extract.Source> sources) {
        int n = sources.size();
        double[] x = new double[n], y = new double[n], flux = new double[n], snr = new double[n];
        double[] fwhm = new double[n], elong = new double[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            org.skysift.extract.Source s = sources.get(i);
            x[i] = s.x();
            y[i] = s.y();
            flux[i] = s.fluxAuto();
            snr[i] = s.snr();
            fwhm[i] = s.fwhm();
            elong[i] = s.elongation();
            flags[i] = s.flags();
        }
        return new PsfCandidates(x, y, flux, snr, fwhm, elong, flags);
    }

    public int size() {
        return x.length;
    }

    private static int length(String name, double[] a) {
        if (a == null) {
            throw new IllegalArgumentException("psf candidates: " + name + " is null");
        }
        return a.length;
    }

    private static void same(String name, int len, int n) {
        if (len != n) {
            throw new IllegalArgumentException("psf candidates: " + name + " has " + len + " entries, x has " + n);
        }
    }
}
