package org.skysift.report.cutout;

/**
 * What a stamp is centred on: the candidate's position (degrees), its FWHM in plate pixels (to keep
 * the reticle off the source; NaN if unknown) and up to two short caption lines (null to omit).
 */
public record Subject(double ra, double dec, double fwhmPx, String title, String detail) {}
