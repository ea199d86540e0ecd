package org.skysift.pipeline;

import java.sql.Timestamp;
import org.skysift.calibrate.astrometry.RefitSummary;
import org.skysift.config.Secrets;
import org.skysift.sky.Tile;

/** The tiles-table row under construction while a tile moves through the stages. */
final class TileOutcome {
    enum Stage { ACQUIRE, VALIDATE, CALIBRATE, EXTRACT, PSF, REFERENCE, MATCH, DETECT, EPOCHS }

    final Tile tile;
    final long nTargets;
    final long[] ms = new long[Stage.values().length];
    String status = "ok";
    String errorStage, errorClass, errorMessage;
    int attempts;
    String imageUri, imageSha256, dateObs, dateObsWarning, wcsModel, wcsWarning, zeroPointOrigin;
    Double epoch;
    Long imageBytes;
    Integer naxis1, naxis2, psfStars, nInjected, nInjectedFound, nCandidatesInjected;
    Double pixelScale, backgroundMedian, backgroundRms, saturationLevel, fwhmMedian, zeroPoint;
    Double saturatedFraction, backgroundRange, psfChi2, psfResidualRms, psfFwhm;
    String psfOrigin;
    Integer cosmicRayHits;
    int nSources, nMatched, nCandidates;
    Integer nReference, refMalformedRows;
    String refFirstProblem;
    RefitSummary astrometry;
    Integer photStars;
    Double photRms, photColourTerm;
    String photKnots, photStatus;
    long[] funnel;
    Integer nEpochs, nTransients;
    Double scorrStd;
    String epochProblems;
    String executorId, host;
    Timestamp startedAt, finishedAt;

    TileOutcome(Tile tile, long nTargets) {
        this.tile = tile;
        this.nTargets = nTargets;
    }

    void fail(Stage stage, Throwable e) {
        status = "failed";
        errorStage = stage.name().toLowerCase(java.util.Locale.ROOT);
        errorClass = e.getClass().getSimpleName();
        String m = e.getMessage();
        errorMessage = m == null || m.isBlank() ? e.getClass().getName() : m;
    }

    /** Sources left after gate i of the funnel, null for a failed tile. */
    private Long f(int i) {
        return funnel == null ? null : funnel[i];
    }

    TileRow toRow() {
        return new TileRow(tile.id(), tile.ra(), tile.dec(), tile.widthArcmin(), tile.heightArcmin(), nTargets,
                // request URLs and error messages can carry the endpoint's credentials: never into a table
                status, errorStage, errorClass, Secrets.redactText(errorMessage), attempts, Secrets.redactText(imageUri),
                imageBytes, imageSha256, dateObs,
                epoch, dateObsWarning, wcsModel, wcsWarning,
                astrometry == null ? null : astrometry.stars(), astrometry == null ? null : astrometry.rejected(),
                astrometry == null ? null : astrometry.rmsBefore(), astrometry == null ? null : astrometry.rmsAfter(),
                astrometry == null ? null : astrometry.degree(), astrometry == null ? null : astrometry.status(),
                naxis1, naxis2, pixelScale, backgroundMedian, backgroundRms, saturationLevel, saturatedFraction,
                cosmicRayHits, backgroundRange, fwhmMedian, psfStars, psfOrigin, psfChi2, psfResidualRms, psfFwhm,
                nSources, nReference, nMatched, nCandidates, refMalformedRows, refFirstProblem, zeroPoint, zeroPointOrigin,
                photStars, photRms, photKnots, photColourTerm, photStatus, nInjected, nInjectedFound,
                nCandidatesInjected, nEpochs, nTransients, scorrStd, Secrets.redactText(epochProblems), f(0), f(1), f(2), f(3), f(4), f(5), f(6), f(7), f(8), f(9), f(10), ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[6], ms[7], ms[8], executorId, host,
                startedAt, finishedAt);
    }
}
