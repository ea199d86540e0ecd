package org.skysift.synth;

import java.io.Serializable;

/**
 * Plate defects and PSF variation the renderer can add on top of the plain field. Every feature is
 * off at zero, so {@link #NONE} renders exactly the plain plate; {@link #PLATE} is a realistic mix.
 * The defects are drawn from their own generator, so switching them on never moves stars or noise.
 *
 * @param fwhmVariation      largest fractional change of the seeing FWHM across the plate (0 = constant)
 * @param cosmicRaysPerMpix  cosmic-ray-like hits (sharp 1-3 pixel features) per million pixels
 * @param cosmicRayMinCounts faintest hit, total counts (drawn log-uniform between min and max)
 * @param cosmicRayMaxCounts brightest hit, total counts
 * @param scratches          thin straight scratches per plate
 * @param scratchSigma       scratch amplitude along its ridge, in units of the sky noise
 * @param haloFraction       fraction of a saturated star's flux spread into a broad halo (0 = none)
 * @param haloFwhmFactor     halo FWHM in units of the local seeing FWHM
 */
public record Realism(double fwhmVariation, double cosmicRaysPerMpix, double cosmicRayMinCounts,
                      double cosmicRayMaxCounts, int scratches, double scratchSigma, double haloFraction,
                      double haloFwhmFactor) implements Serializable {

    /** The plain plate: constant seeing, no defects (what the pipeline rendered before realism existed). */
    public static final Realism NONE = new Realism(0, 0, 500, 20000, 0, 8, 0, 8);
    /** Seeing varying by 15%, 50 hits per Mpx, one scratch, 5% halos around saturated stars. */
    public static final Realism PLATE = new Realism(0.15, 50, 500, 20000, 1, 8, 0.05, 8);

    public Realism {
        check(fwhmVariation >= 0 && fwhmVariation < 0.5, "fwhm_variation", fwhmVariation, "in [0, 0.5)");
        check(cosmicRaysPerMpix >= 0, "cosmic_rays_per_mpix", cosmicRaysPerMpix, ">= 0");
        check(cosmicRayMinCounts > 0 && cosmicRayMaxCounts >= cosmicRayMinCounts, "cosmic_ray_min_counts/max_counts",
                cosmicRayMinCounts, "0 < min <= max (max = " + cosmicRayMaxCounts + ")");
        check(scratches >= 0, "scratches", scratches, ">= 0");
        check(scratchSigma >= 0, "scratch_sigma", scratchSigma, ">= 0");
        check(haloFraction >= 0 && haloFraction < 1, "halo_fraction", haloFraction, "in [0, 1)");
        check(haloFwhmFactor >= 1, "halo_fwhm_factor", haloFwhmFactor, ">= 1");
    }

    private static void check(boolean ok, String key, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("synthetic realism: " + key + " = " + value + " must be " + rule);
        }
    }

    public Realism withFwhmVariation(double v) {
        return new Realism(v, cosmicRaysPerMpix, cosmicRayMinCounts, cosmicRayMaxCounts, scratches, scratchSigma,
                haloFraction, haloFwhmFactor);
    }

    public Realism withCosmicRays(double perMpix, double minCounts, double maxCounts) {
        return new Realism(fwhmVariation, perMpix, minCounts, maxCounts, scratches, scratchSigma, haloFraction,
                haloFwhmFactor);
    }

    public Realism withScratches(int n, double sigma) {
        return new Realism(fwhmVariation, cosmicRaysPerMpix, cosmicRayMinCounts, cosmicRayMaxCounts, n, sigma,
                haloFraction, haloFwhmFactor);
    }

    public Realism withHalos(double fraction, double fwhmFactor) {
        return new Realism(fwhmVariation, cosmicRaysPerMpix, cosmicRayMinCounts, cosmicRayMaxCounts, scratches,
                scratchSigma, fraction, fwhmFactor);
    }
}
