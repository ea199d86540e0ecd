package org.skysift.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * Everything one tile produced; injections is empty for real images; the epoch tables (transients,
 * lightcurves, variability, epochInjections) are empty unless the config has several epochs.
 */
public record TileResult(TileRow tile, List<SourceRow> sources, List<MatchRow> matches, List<CandidateRow> candidates,
                         List<RejectedRow> rejected, List<InjectionRow> injections, List<TransientRow> transients,
                         List<LightcurveRow> lightcurves, List<VariabilityRow> variability,
                         List<EpochInjectionRow> epochInjections) implements Serializable {

    /** A tile of a single-epoch run. */
    public TileResult(TileRow tile, List<SourceRow> sources, List<MatchRow> matches, List<CandidateRow> candidates,
                      List<RejectedRow> rejected, List<InjectionRow> injections) {
        this(tile, sources, matches, candidates, rejected, injections, List.of(), List.of(), List.of(), List.of());
    }
}
