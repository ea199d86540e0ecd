package org.skysift.pipeline;

/**
 * A row of the lightcurves table: forced PSF photometry of one object (a target, or a pass-2 source of
 * the reference epoch) at its fixed sky position in one epoch that covers it. objectId is "t" + target
 * index or "s" + source id, unique within the tile. flux and fluxErr are in the reference epoch's counts
 * (each epoch divided by its flux scale); flags (epochs.LightCurves): 1 = a masked pixel (saturated, edge, no
 * data) in the fit disc, 2 = off the epoch's image (off the reference grid, or where the epoch has no data
 * when the plane says so), 4 = more than a third of the PSF's weight in the disc masked; no flux with 2 or 4.
 */
public record LightcurveRow(long tileId, String objectId, String objectKind, Integer sourceId, String targetName,
                            double ra, double dec, String epoch, Double epochYear, String dateObs, Double flux,
                            Double fluxErr, int flags) implements java.io.Serializable {}
