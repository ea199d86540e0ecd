package org.skysift.epochs;

/**
 * A change found on S_corr. Fluxes are in the reference image's counts (the new image's divided by
 * the fitted flux scale), so that flux_new - flux_ref estimates flux_diff.
 *
 * @param x           FITS 1-based position on the reference image (sub-pixel peak of S)
 * @param y           FITS 1-based position on the reference image
 * @param ra          degrees, from the reference WCS
 * @param dec         degrees
 * @param snr         |S_corr| at the peak
 * @param fluxDiff    S / F_S at the peak: new minus reference
 * @param fluxRef     forced PSF flux on the reference
 * @param fluxNew     forced PSF flux on the new image, scaled to the reference
 */
public record Transient(TransientKind kind, double x, double y, double ra, double dec, double snr, double fluxDiff,
                        double fluxDiffErr, double fluxRef, double fluxRefErr, double fluxNew, double fluxNewErr) {}
