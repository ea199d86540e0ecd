package org.skysift.pipeline;

/**
 * A row of the tiles table as the plan writes it, before any processing: the tile, its targets, the
 * image it would fetch (imageUri: the first service's request, or the listed/found file for
 * image.source=files; null when rendered or fetched per epoch), where that image sits in the cache and
 * whether it is there already (null when the source has no cache), why no service could be asked for it
 * (imageProblem: e.g. a tile larger than the service serves; the run would fail that tile), and the
 * reference cone it would ask for (centred on the tile). The run's own tiles table (TileRow) replaces it.
 */
public record PlannedTileRow(
        long tileId,
        double raCenter,
        double decCenter,
        double widthArcmin,
        double heightArcmin,
        long nTargets,
        String status,
        String imageSource,
        String imageUri,
        String imageCachePath,
        Boolean imageCached,
        String imageProblem,
        String referenceKind,
        double referenceRadiusDeg) implements java.io.Serializable {

    /** The status of every planned row: the run's tiles table has ok/failed instead. */
    public static final String PLANNED = "planned";
}
