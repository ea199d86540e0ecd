package org.skysift.extract;

import java.io.Serializable;

/**
 * Extraction settings, named after SExtractor's.
 *
 * @param detectThresh   DETECT_THRESH: threshold in units of the local background rms
 * @param minArea        DETECT_MINAREA: minimum connected pixels above threshold
 * @param filterFwhm     FWHM (px) of the Gaussian detection filter used when filter is null; 0 = no filtering
 * @param filter         FILTER_NAME: an explicit kernel (e.g. read from a .conv file), or null
 * @param aperDiameters  PHOT_APERTURES: circular aperture diameters in pixels
 * @param gain           GAIN in e-/ADU for the Poisson part of flux errors; 0 = background noise only
 * @param saturation     SATUR_LEVEL: raw pixel value at or above which a pixel is saturated
 * @param deblendNthresh DEBLEND_NTHRESH: number of deblending levels
 * @param deblendMincont DEBLEND_MINCONT: minimum flux fraction of a branch; 1 = no deblending
 * @param clean          CLEAN: merge detections explained by the wings of a brighter neighbour
 * @param cleanParam     CLEAN_PARAM: Moffat index of the wing model used by CLEAN
 * @param kronFactor     PHOT_AUTOPARAMS first value: Kron factor k
 * @param kronMinRadius  PHOT_AUTOPARAMS second value: minimum Kron radius (in units of A, B)
 * @param fluxFractions  PHOT_FLUXFRAC: light fractions for FLUX_RADIUS (0.5 is always also measured)
 * @param flagNeighbours set FLAGS bit 1 when neighbours or bad pixels cover more than 10% of the
 *                       Kron measurement ellipse (SExtractor's MASK_TYPE other than NONE)
 */
public record ExtractParams(double detectThresh, int minArea, double filterFwhm, Kernel filter, double[] aperDiameters,
                            double gain, double saturation, int deblendNthresh, double deblendMincont, boolean clean,
                            double cleanParam, double kronFactor, double kronMinRadius, double[] fluxFractions,
                            boolean flagNeighbours) implements Serializable {

    public ExtractParams {
        require(detectThresh > 0, "detect_thresh", detectThresh, "must be > 0");
        require(minArea >= 1, "detect_minarea", minArea, "must be >= 1");
        require(filterFwhm >= 0, "filter_fwhm", filterFwhm, "must be >= 0");
        require(gain >= 0, "gain", gain, "must be >= 0");
        require(deblendNthresh >= 1, "deblend_nthresh", deblendNthresh, "must be >= 1");
        require(deblendMincont >= 0 && deblendMincont <= 1, "deblend_mincont", deblendMincont, "must be in [0, 1]");
        require(cleanParam > 0, "clean_param", cleanParam, "must be > 0");
        require(kronFactor > 0, "kron_factor", kronFactor, "must be > 0");
        require(kronMinRadius >= 0, "kron_min_radius", kronMinRadius, "must be >= 0");
        for (double d : aperDiameters) {
            require(d > 0, "aper_diameters", d, "every diameter must be > 0");
        }
        for (double f : fluxFractions) {
            require(f > 0 && f < 1, "flux_fractions", f, "every fraction must be in (0, 1)");
        }
    }

    /** The settings the pipeline passes today; the rest take SExtractor's usual values. */
    public ExtractParams(double detectThresh, int minArea, double filterFwhm, double[] aperDiameters, double gain,
                         double saturation) {
        this(detectThresh, minArea, filterFwhm, null, aperDiameters, gain, saturation, 32, 0.005, true, 1.0, 2.5, 3.5,
                new double[] {0.5}, true);
    }

    /** The detection kernel: the explicit one, else a Gaussian of filterFwhm, else null (no filtering). */
    public Kernel kernel() {
        return filter != null ? filter : filterFwhm > 0 ? Kernel.gaussian(filterFwhm) : null;
    }

    public ExtractParams withFilter(Kernel k) {
        return new ExtractParams(detectThresh, minArea, filterFwhm, k, aperDiameters, gain, saturation, deblendNthresh,
                deblendMincont, clean, cleanParam, kronFactor, kronMinRadius, fluxFractions, flagNeighbours);
    }

    public ExtractParams withDeblend(int nthresh, double mincont) {
        return new ExtractParams(detectThresh, minArea, filterFwhm, filter, aperDiameters, gain, saturation, nthresh,
                mincont, clean, cleanParam, kronFactor, kronMinRadius, fluxFractions, flagNeighbours);
    }

    public ExtractParams withClean(boolean on, double param) {
        return new ExtractParams(detectThresh, minArea, filterFwhm, filter, aperDiameters, gain, saturation,
                deblendNthresh, deblendMincont, on, param, kronFactor, kronMinRadius, fluxFractions, flagNeighbours);
    }

    public ExtractParams withKron(double factor, double minRadius) {
        return new ExtractParams(detectThresh, minArea, filterFwhm, filter, aperDiameters, gain, saturation,
                deblendNthresh, deblendMincont, clean, cleanParam, factor, minRadius, fluxFractions, flagNeighbours);
    }

    public ExtractParams withFluxFractions(double... fractions) {
        return new ExtractParams(detectThresh, minArea, filterFwhm, filter, aperDiameters, gain, saturation,
                deblendNthresh, deblendMincont, clean, cleanParam, kronFactor, kronMinRadius, fractions, flagNeighbours);
    }

    public ExtractParams withFlagNeighbours(boolean on) {
        return new ExtractParams(detectThresh, minArea, filterFwhm, filter, aperDiameters, gain, saturation,
                deblendNthresh, deblendMincont, clean, cleanParam, kronFactor, kronMinRadius, fluxFractions, on);
    }

    private static void require(boolean ok, String key, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("extract." + key + " = " + value + ": " + rule);
        }
    }
}
