package org.skysift.pipeline.progress;

/** Tiles done (ok or failed), of which failed, and tiles being processed right now. */
public record TileCount(long done, long failed, long running) {
    public static final TileCount NONE = new TileCount(0, 0, 0);

    /** The larger count of each kind: neither source ever over-counts, so the larger is the nearer. */
    TileCount max(TileCount o) {
        return new TileCount(Math.max(done, o.done), Math.max(failed, o.failed), Math.max(running, o.running));
    }
}
