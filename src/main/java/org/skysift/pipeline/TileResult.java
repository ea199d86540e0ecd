package org.skysift.pipeline;

import java.io.Serializable;
import java.util.List;

/** Everything one tile produced. */
public record TileResult(TileRow tile, List<SourceRow> sources, List<MatchRow> matches, List<CandidateRow> candidates,
                         List<RejectedRow> rejected)
        implements Serializable {}
