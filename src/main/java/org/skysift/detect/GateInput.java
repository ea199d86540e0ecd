package org.skysift.detect;

/**
 * What the gates look at for one source. Pixel positions are FITS 1-based; spreadModel is NaN when
 * not measured (that gate then passes).
 */
public record GateInput(double x, double y, boolean matched, int flags, double snr, double fwhmPx, double elongation,
                        double spreadModel, double xExtentPx, double yExtentPx) {}
