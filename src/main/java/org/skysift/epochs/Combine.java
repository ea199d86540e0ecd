package org.skysift.epochs;

/**
 * How the registered frames are combined.
 *
 * @param method     mean (weighted, clipped) or median
 * @param kappa      a value is rejected beyond kappa sigma of the noise model from the centre
 * @param iterations clipping rounds (0 = plain weighted mean)
 * @param ampFrac    fraction of the signal added to the noise model's sigma, so that seeing and
 *                   registration differences on bright stars are not taken for outliers
 *                   (SWarp's CLIP_AMPFRAC plays the same part)
 * @param growPx     around a value rejected at more than twice kappa sigma, that frame's values within
 *                   this radius (pixels) are rejected too (IRAF imcombine's grow): the faint edges of a
 *                   trail, and a trail crossing a bright star's core, hide within the noise model's
 *                   tolerance but sit next to pixels that are plainly wrong; 0 = no growing
 */
public record Combine(Method method, double kappa, int iterations, double ampFrac, double growPx) {
    public static final double DEFAULT_AMP_FRAC = 0.1;
    public static final double DEFAULT_GROW_PX = 2.5;

    public enum Method { MEAN, MEDIAN }

    public Combine {
        if (!(kappa > 0)) {
            throw new IllegalArgumentException("kappa " + kappa + ": must be > 0");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations " + iterations + ": must be >= 0");
        }
        if (!(ampFrac >= 0)) {
            throw new IllegalArgumentException("amplitude fraction " + ampFrac + ": must be >= 0");
        }
        if (!(growPx >= 0 && growPx <= 20)) {
            throw new IllegalArgumentException("grow radius " + growPx + " px: must be in [0, 20]");
        }
    }

    public static Combine mean(double kappa, int iterations) {
        return new Combine(Method.MEAN, kappa, iterations, DEFAULT_AMP_FRAC, DEFAULT_GROW_PX);
    }

    public static Combine median() {
        return new Combine(Method.MEDIAN, 3, 0, DEFAULT_AMP_FRAC, 0);
    }
}
