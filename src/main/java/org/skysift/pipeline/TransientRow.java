package org.skysift.pipeline;

/**
 * A row of the transients table: one change found by difference imaging between an epoch and the
 * tile's reference epoch (docs/EPOCHS.md). Positions and pixels are on the reference epoch's image
 * (FITS 1-based); fluxes in the reference image's counts (the new epoch's divided by its fitted flux
 * scale); snr is |S_corr| at the peak. candidateSourceId names the catalog-comparison candidate of the
 * reference image within match.radius_arcsec (vanished transients are cross-referenced with vanishing
 * candidates); injected says whether an injected change of the synthetic sky lies there (null for real
 * images); cutout is the triplet PNG (reference, new, difference) relative to the run folder.
 */
public record TransientRow(long tileId, int transientId, String epoch, String referenceEpoch, String kind, double ra,
                           double dec, double x, double y, double snr, double fluxDiff, double fluxDiffErr, Double fluxRef,
                           Double fluxRefErr, Double fluxNew, Double fluxNewErr, Double epochYear, Double referenceYear,
                           Integer candidateSourceId, Boolean injected, String cutout, String targetName)
        implements java.io.Serializable {

    public TransientRow withCutout(String path) {
        return new TransientRow(tileId, transientId, epoch, referenceEpoch, kind, ra, dec, x, y, snr, fluxDiff, fluxDiffErr,
                fluxRef, fluxRefErr, fluxNew, fluxNewErr, epochYear, referenceYear, candidateSourceId, injected, path,
                targetName);
    }

    public TransientRow withTargetName(String name) {
        return new TransientRow(tileId, transientId, epoch, referenceEpoch, kind, ra, dec, x, y, snr, fluxDiff, fluxDiffErr,
                fluxRef, fluxRefErr, fluxNew, fluxNewErr, epochYear, referenceYear, candidateSourceId, injected, cutout,
                name);
    }
}
