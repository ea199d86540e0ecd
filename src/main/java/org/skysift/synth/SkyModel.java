package org.skysift.synth;

import java.io.Serializable;

/**
 * Parameters of the synthetic sky and of its plates.
 *
 * @param starDensity stars per square degree between magBright and magFaint
 * @param lfSlope     slope of the luminosity function, dN/dm proportional to 10^(lfSlope m)
 * @param vanishedDensity injected vanished stars per square degree
 */
public record SkyModel(
        long seed,
        double starDensity,
        double magBright,
        double magFaint,
        double lfSlope,
        double vanishedDensity,
        double vanishedMagBright,
        double vanishedMagFaint,
        double zeroPoint,
        double skyLevel,
        double skyGradient,
        double fwhmMin,
        double fwhmMax,
        double moffatBeta,
        double gain,
        double readNoise,
        double saturation,
        double epochMin,
        double epochMax,
        double pixelScaleArcsec) implements Serializable {}
