package org.skysift.synth;

import java.io.Serializable;
import java.util.Locale;
import org.skysift.config.SkySiftConfig;

/**
 * How a plate records exposure. {@code linear} is a detector: the value is the exposure. {@code photographic}
 * is a characteristic (H-D) curve written in counts: value = fog + (plateau - fog) x^gamma / (1 + x^gamma) with
 * x = exposure / knee. Below the knee it is a toe (faint light records less than in proportion, steeper with
 * gamma); far above it the value flattens on the plateau, so cores of bright stars come out flat-topped
 * below the ADC maximum, as on scanned plates.
 *
 * @param gamma   steepness of the curve in log exposure (the toe's power law)
 * @param knee    exposure (linear counts) at half the fog-to-plateau range
 * @param fog     value recorded for zero exposure
 * @param plateau value approached by the brightest exposures (the shoulder)
 */
public record EmulsionResponse(boolean photographic, double gamma, double knee, double fog, double plateau)
        implements Serializable {
    public static final EmulsionResponse LINEAR = new EmulsionResponse(false, 1, 1, 0, Double.POSITIVE_INFINITY);

    /** Fraction of the fog-to-plateau range above which a star's core counts as saturated (flat-topped). */
    static final double SATURATED_FRACTION = 0.9;

    public static EmulsionResponse of(SkySiftConfig.Emulsion e) {
        if (e == null || "linear".equals(e.response().toLowerCase(Locale.ROOT))) {
            return LINEAR;
        }
        return new EmulsionResponse(true, e.gamma(), e.knee(), e.fog(), e.plateau());
    }

    /** The recorded value of a pixel that received {@code exposure} counts. */
    public double record(double exposure) {
        if (!photographic) {
            return exposure;
        }
        double x = Math.max(0, exposure) / knee;
        double p = Math.pow(x, gamma);
        return fog + (plateau - fog) * p / (1 + p);
    }

    /** Whether a star whose peak pixel receives {@code peakExposure} comes out saturated (clipped or flat-topped). */
    public boolean saturates(double peakExposure, double adcMax) {
        if (!photographic) {
            return peakExposure >= adcMax;
        }
        return record(peakExposure) >= fog + SATURATED_FRACTION * (plateau - fog);
    }
}
