package org.skysift.synth;

import java.io.Serializable;

/**
 * A straight plate scratch from (x1, y1) to (x2, y2), FITS 1-based, with a Gaussian cross-section.
 *
 * @param sigmaPx   Gaussian sigma of the cross-section in pixels
 * @param amplitude counts added on the ridge line
 */
public record Scratch(double x1, double y1, double x2, double y2, double sigmaPx, double amplitude)
        implements Serializable {

    /** Distance in pixels from FITS (x, y) to the segment. */
    public double distance(double x, double y) {
        double dx = x2 - x1, dy = y2 - y1;
        double len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len2)) : 0;
        return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
    }
}
