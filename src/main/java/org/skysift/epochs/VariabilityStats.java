package org.skysift.epochs;

/**
 * One object's variability over its unflagged epochs (the fields of pipeline.VariabilityRow); null where
 * undefined: no flux ratio when the faintest flux is not positive, no chi2 with fewer than two epochs.
 *
 * @param nEpochs      unflagged epochs with a flux
 * @param meanFlux     error-weighted mean flux (the constant the chi2 is taken against)
 * @param fluxRatio    max / min flux
 * @param fluxRatioErr its error from the two fluxes' errors (first order)
 * @param chi2         sum ((flux - meanFlux) / err)^2
 * @param dof          nEpochs - 1 (0 when no chi2)
 * @param significance chi2's tail probability as two-sided Gaussian sigmas (ChiSquareTail)
 * @param variable     significance >= the threshold
 */
public record VariabilityStats(int nEpochs, Double meanFlux, Double fluxMin, Double fluxMax, Double fluxRatio,
                               Double fluxRatioErr, Double chi2, int dof, Double significance, boolean variable) {}
