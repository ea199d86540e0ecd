package org.skysift.pipeline;

import java.io.Serializable;
import java.util.List;

/** Everything one tile produced; injections is empty for real images. */
public record TileResult(TileRow tile, List<SourceRow> sources, List<MatchRow> matches, List<CandidateRow> candidates,
                         List<RejectedRow> rejected, List<InjectionRow> injections)
        implements Serializable {}
