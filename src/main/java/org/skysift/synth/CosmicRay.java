package org.skysift.synth;

import java.io.Serializable;

/**
 * A cosmic-ray-like hit: a sharp feature of 1-3 pixels (no PSF), before noise and clipping.
 *
 * @param x      flux-weighted centre, FITS 1-based
 * @param y      flux-weighted centre, FITS 1-based
 * @param counts total counts added
 * @param pixels 0-based row-major indices of the pixels hit
 */
public record CosmicRay(double x, double y, double counts, int[] pixels) implements Serializable {}
