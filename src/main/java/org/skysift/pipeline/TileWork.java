package org.skysift.pipeline;

import java.io.Serializable;
import java.util.List;
import org.skysift.acquire.TileRequest;
import org.skysift.catalog.RefStar;

/**
 * One unit of work: a tile to process, how many targets fell in it and, when the reference catalog
 * is distributed by a Spark join, the reference rows in its cone (null = ask the ReferenceCatalog).
 */
public record TileWork(TileRequest request, long nTargets, List<RefStar> refs) implements Serializable {

    public TileWork(TileRequest request, long nTargets) {
        this(request, nTargets, null);
    }
}
