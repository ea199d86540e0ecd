package org.skysift.pipeline;

/**
 * A row of the variability table: one object of the lightcurves table over all its unflagged epochs.
 * fluxRatio = max / min flux over epochs (null when the minimum is not positive), with its error from
 * the two fluxes' errors; chi2 against a constant (error-weighted mean) with dof = epochs - 1;
 * significance is that chi2's tail probability as Gaussian sigmas; variable when significance reaches
 * lightcurves.variable_sigma. injected says whether the synthetic sky changed this object (null for
 * real images).
 */
public record VariabilityRow(long tileId, String objectId, String objectKind, Integer sourceId, String targetName,
                             double ra, double dec, int nEpochs, Double fluxMin, Double fluxMax, Double fluxRatio,
                             Double fluxRatioErr, Double chi2, int dof, Double significance, boolean variable,
                             Boolean injected) implements java.io.Serializable {}
