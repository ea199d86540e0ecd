package org.skysift.extract.psf;

/**
 * Settings for building the PSF model and for PSF-fit photometry (pass 2).
 *
 * @param oversampling   fine-grid samples per image pixel (2-4)
 * @param degree         degree of the polynomial in (x, y) describing how the PSF varies over the image
 * @param radiusPx       half-size of the PSF stamp in image pixels; 0 = 5 x the median FWHM, within [8, 25]
 * @param minSnr         PSF stars need at least this SNR
 * @param maxElongation  PSF stars need at most this elongation (a/b)
 * @param fwhmClip       PSF stars need |FWHM - median| below this many (1.4826 MAD) around the median
 * @param maxStars       at most this many PSF stars (highest SNR first)
 * @param minStars       fewer accepted stars than this: analytic Moffat fallback
 * @param starsPerTerm   lower the degree until every polynomial term has this many stars
 * @param iterations     residual-refinement iterations of the pixel model
 * @param fitRadiusFwhm  PSF-fit window radius in units of the model FWHM (at least 2 px)
 * @param gain           e-/count for the Poisson part of the pixel variance; 0 = background noise only
 * @param subtractNeighbours pass 2 refits every source with its neighbours' first fits subtracted
 */
public record PsfParams(int oversampling, int degree, int radiusPx, double minSnr, double maxElongation,
                        double fwhmClip, int maxStars, int minStars, int starsPerTerm, int iterations,
                        double fitRadiusFwhm, double gain, boolean subtractNeighbours) {

    public PsfParams {
        require(oversampling >= 1 && oversampling <= 8, "oversampling", oversampling, "in [1, 8]");
        require(degree >= 0 && degree <= 4, "degree", degree, "in [0, 4]");
        require(radiusPx == 0 || radiusPx >= 3 && radiusPx <= 100, "radius_px", radiusPx, "0 (auto) or in [3, 100]");
        require(minSnr >= 0, "min_snr", minSnr, ">= 0");
        require(maxElongation >= 1, "max_elongation", maxElongation, ">= 1");
        require(fwhmClip > 0, "fwhm_clip", fwhmClip, "> 0");
        require(maxStars >= 1, "max_stars", maxStars, ">= 1");
        require(minStars >= 1, "min_stars", minStars, ">= 1");
        require(starsPerTerm >= 1, "stars_per_term", starsPerTerm, ">= 1");
        require(iterations >= 1 && iterations <= 20, "iterations", iterations, "in [1, 20]");
        require(fitRadiusFwhm > 0, "fit_radius_fwhm", fitRadiusFwhm, "> 0");
        require(gain >= 0, "gain", gain, ">= 0");
    }

    public static PsfParams defaults() {
        return new PsfParams(2, 2, 0, 20, 1.3, 3.0, 250, 10, 8, 4, 1.5, 0, true);
    }

    public PsfParams withGain(double g) {
        return new PsfParams(oversampling, degree, radiusPx, minSnr, maxElongation, fwhmClip, maxStars, minStars,
                starsPerTerm, iterations, fitRadiusFwhm, g, subtractNeighbours);
    }

    public PsfParams withDegree(int d) {
        return new PsfParams(oversampling, d, radiusPx, minSnr, maxElongation, fwhmClip, maxStars, minStars,
                starsPerTerm, iterations, fitRadiusFwhm, gain, subtractNeighbours);
    }

    public PsfParams withOversampling(int os) {
        return new PsfParams(os, degree, radiusPx, minSnr, maxElongation, fwhmClip, maxStars, minStars,
                starsPerTerm, iterations, fitRadiusFwhm, gain, subtractNeighbours);
    }

    public PsfParams withMinStars(int n) {
        return new PsfParams(oversampling, degree, radiusPx, minSnr, maxElongation, fwhmClip, maxStars, n,
                starsPerTerm, iterations, fitRadiusFwhm, gain, subtractNeighbours);
    }

    public PsfParams withSubtractNeighbours(boolean b) {
        return new PsfParams(oversampling, degree, radiusPx, minSnr, maxElongation, fwhmClip, maxStars, minStars,
                starsPerTerm, iterations, fitRadiusFwhm, gain, b);
    }

    private static void require(boolean ok, String key, double v, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("psf: " + key + " = " + v + " must be " + rule);
        }
    }
}
