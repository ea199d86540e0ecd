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
