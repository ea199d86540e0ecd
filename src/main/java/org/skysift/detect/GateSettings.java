package org.skysift.detect;

import java.io.Serializable;

/**
 * Thresholds of the candidate gates; a NaN or non-positive bound switches that bound off where noted.
 *
 * @param brightMag          reference stars brighter than this get a halo mask and spike zones
 * @param brightRadiusArcsec mask radius of a star at brightMag; it grows by 10^(0.2 dm) for brighter stars
 * @param spikeLengthFactor  spike half-length in units of the star's mask radius
 * @param spikeHalfWidthPx   half-width of a spike zone
 */
public record GateSettings(
        double minSnr,
        double fwhmMinPx,
        double fwhmMaxPx,
        double maxElongation,
        double minSpreadModel,
        double minExtentPx,
        double maxExtentDiffPx,
        double shapeSigma,
        double brightMag,
        double brightRadiusArcsec,
        double spikeLengthFactor,
        double spikeHalfWidthPx,
        double edgeMarginPx) implements Serializable {}
