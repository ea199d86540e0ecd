package org.skysift.pipeline;

import java.sql.Timestamp;

/** A row of the tiles table: the tile, its outcome, quality metrics and stage timings. */
public record TileRow(
        long tileId,
        double raCenter,
        double decCenter,
        double widthArcmin,
        double heightArcmin,
        long nTargets,
        String status,
        String errorStage,
        String errorClass,
        String errorMessage,
        int attempts,
        String imageUri,
        Long imageBytes,
        String imageSha256,
        String dateObs,
        Integer naxis1,
        Integer naxis2,
        Double pixelScaleArcsec,
        Double backgroundMedian,
        Double backgroundRms,
        Double saturationLevel,
        Double saturatedFraction,
        Integer cosmicRayHits,
        Double backgroundRange,
        Double fwhmMedianPx,
        Integer psfStars,
        int nSources,
        int nMatched,
        int nCandidates,
        Double zeroPoint,
        String zeroPointOrigin,
        Integer nInjected,
        Integer nInjectedFound,
        Integer nCandidatesInjected,
        long acquireMs,
        long validateMs,
        long calibrateMs,
        long extractMs,
        long referenceMs,
        long matchMs,
        long detectMs,
        String executorId,
        String host,
        Timestamp startedAt,
        Timestamp finishedAt) implements java.io.Serializable {

    /** Columns that describe where and when a tile ran rather than what it found. */
    public static final String[] RUN_SPECIFIC = {"acquire_ms", "validate_ms", "calibrate_ms", "extract_ms",
        "reference_ms", "match_ms", "detect_ms", "executor_id", "host", "started_at", "finished_at"};
}
