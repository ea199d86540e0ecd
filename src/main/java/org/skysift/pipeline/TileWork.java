package org.skysift.pipeline;

import java.io.Serializable;
import java.util.List;
import org.skysift.acquire.TileRequest;
import org.skysift.catalog.RefStar;

/**
 * One unit of work: a tile to process, how many targets fell in it, its targets that have a name
 * (for the candidates' target_name; empty when none has; every target in runs with light curves) and, when the reference catalog is
 * distributed by a Spark join, the reference rows in its cone (null = ask the ReferenceCatalog).
 */
public record TileWork(TileRequest request, long nTargets, List<RefStar> refs, List<NamedTarget> named) implements Serializable {

    public TileWork(TileRequest request, long nTargets) {
        this(request, nTargets, null, List.of());
    }

    public TileWork(TileRequest request, long nTargets, List<NamedTarget> named) {
        this(request, nTargets, null, named);
    }

    /** The same work with the reference rows of its cone. */
    public TileWork withRefs(List<RefStar> rows) {
        return new TileWork(request, nTargets, rows, named);
    }
}
