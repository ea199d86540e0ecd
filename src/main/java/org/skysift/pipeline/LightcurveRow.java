package org.skysift.pipeline;

/**
 * A row of the lightcurves table: forced PSF photometry of one object (a target, or a pass-2 source of
 * the reference epoch) at its fixed sky position in one epoch that covers it. objectId is "t" + target
 * index or "s" + source id, unique within the tile. flux and fluxErr are in the reference epoch's counts
 * (each epoch divided by its flux scale); flags: 1 = position near masked pixels (saturated, edge, no
 * data), 2 = off the epoch's image, 4 = the fit lost more than a third of the PSF's weight to the mask.
 */
public record LightcurveRow(long tileId, String objectId, String objectKind, Integer sourceId, String targetName,
                            double ra, double dec, String epoch, Double epochYear, String dateObs, Double flux,
                            Double fluxErr, int flags) implements java.io.Serializable {}
