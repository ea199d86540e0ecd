package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.skysift.config.SkySiftConfig;
import org.skysift.epochs.DiffResult;
import org.skysift.epochs.InjectionScore;
import org.skysift.epochs.Transient;
import org.skysift.sky.Angles;
import org.skysift.synth.InjectedChange;

/**
 * Rows of the transients table for one epoch's difference: each transient with the nearest
 * catalog-comparison candidate within match.radius_arcsec (a vanished transient and a vanishing
 * candidate are the same star seen two ways) and, on synthetic epochs, whether an injected change of
 * that epoch lies within report.injection_radius_arcsec.
 */
final class TransientRows {
    private TransientRows() {}

    /**
     * @param firstId   transient ids of the tile already used (ids are 1-based, unique within the tile)
     * @param injected  the epoch's injected changes, or null for real images
     */
    static List<TransientRow> of(long tileId, int firstId, String epoch, String referenceEpoch, Double year,
                                 Double referenceYear, DiffResult d, List<CandidateRow> candidates,
                                 List<InjectedChange> injected, SkySiftConfig config) {
        double matchRadius = config.match().radiusArcsec(), injectionRadius = config.report().injectionRadiusArcsec();
        List<TransientRow> rows = new ArrayList<>();
        int id = firstId;
        for (Transient t : d.transients()) {
            Integer candidate = null;
            double best = matchRadius;
            for (CandidateRow c : candidates) {
                double sep = Angles.separationArcsec(t.ra(), t.dec(), c.ra(), c.dec());
                if (sep <= best) {
                    best = sep;
                    candidate = c.sourceId();
                }
            }
            Boolean isInjected = null;
            if (injected != null) {
                isInjected = injected.stream()
                        .anyMatch(c -> Angles.separationArcsec(t.ra(), t.dec(), c.ra(), c.dec()) <= injectionRadius);
            }
            rows.add(new TransientRow(tileId, ++id, epoch, referenceEpoch, t.kind().label(), t.ra(), t.dec(), t.x(), t.y(),
                    t.snr(), t.fluxDiff(), t.fluxDiffErr(), finite(t.fluxRef()), finite(t.fluxRefErr()), finite(t.fluxNew()),
                    finite(t.fluxNewErr()), year, referenceYear, candidate, isInjected, null, null));
        }
        return rows;
    }

    /**
     * Rows of the epoch_injections table for one synthetic epoch: each of its injected changes scored
     * against the epoch's transients by {@link InjectionScore} (one to one within
     * report.injection_radius_arcsec, expected S/N from the difference's own noise and the gain).
     *
     * @param firstId the transient id before this epoch's first transient (as given to {@link #of})
     */
    static List<EpochInjectionRow> injections(long tileId, int firstId, String epoch, DiffResult d,
                                              List<InjectedChange> changes, double gain, SkySiftConfig config) {
        InjectionScore.Summary s = new InjectionScore(config.report().injectionRadiusArcsec(),
                InjectionScore.changeNoise(d), gain).score(epoch, changes, d.transients());
        List<EpochInjectionRow> rows = new ArrayList<>();
        for (InjectionScore.Recovery r : s.recoveries()) {
            InjectedChange c = r.change();
            rows.add(new EpochInjectionRow(tileId, epoch, c.kind(), c.ra(), c.dec(), c.fluxRef(), c.fluxNew(),
                    finite(r.expectedSnr()), r.recovered(), r.foundKind(),
                    r.transientIndex() == null ? null : firstId + r.transientIndex() + 1, r.fluxDiff()));
        }
        return rows;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
