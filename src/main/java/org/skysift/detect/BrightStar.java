package org.skysift.detect;

/** A bright reference star on the image: FITS pixel position, mask radius in pixels, spike half-length in pixels. */
public record BrightStar(double x, double y, double maskRadiusPx, double spikeLengthPx) {}
