package org.skysift.pipeline;

import java.sql.Timestamp;
import org.skysift.sky.Tile;

/** The tiles-table row under construction while a tile moves through the stages. */
final class TileOutcome {
    enum Stage { ACQUIRE, VALIDATE, CALIBRATE, EXTRACT, REFERENCE, MATCH, DETECT }

    final Tile tile;
    final long nTargets;
    final long[] ms = new long[Stage.values().length];
    String status = "ok";
    String errorStage, errorClass, errorMessage;
    int attempts;
    String imageUri, imageSha256, dateObs, zeroPointOrigin;
    Long imageBytes;
    Integer naxis1, naxis2, psfStars, nInjected, nInjectedFound, nCandidatesInjected;
    Double pixelScale, backgroundMedian, backgroundRms, saturationLevel, fwhmMedian, zeroPoint;
    Double saturatedFraction, backgroundRange;
    Integer cosmicRayHits;
    int nSources, nMatched, nCandidates;
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

    TileRow toRow() {
        return new TileRow(tile.id(), tile.ra(), tile.dec(), tile.widthArcmin(), tile.heightArcmin(), nTargets,
                status, errorStage, errorClass, errorMessage, attempts, imageUri, imageBytes, imageSha256, dateObs,
                naxis1, naxis2, pixelScale, backgroundMedian, backgroundRms, saturationLevel, saturatedFraction,
                cosmicRayHits, backgroundRange, fwhmMedian, psfStars,
                nSources, nMatched, nCandidates, zeroPoint, zeroPointOrigin, nInjected, nInjectedFound,
                nCandidatesInjected, ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[6], executorId, host,
                startedAt, finishedAt);
    }
}
