package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.config.SkySiftConfig;
import org.skysift.epochs.DiffResult;
import org.skysift.epochs.Transient;
import org.skysift.epochs.TransientKind;
import org.skysift.synth.InjectedChange;

@Tag("plain")
class TransientRowsTest {
    private static final double ARCSEC = 1 / 3600.0;

    private static Transient at(TransientKind kind, double ra, double dec) {
        return new Transient(kind, 10, 20, ra, dec, 12, -500, 40, 520, 30, Double.NaN, 30);
    }

    private static CandidateRow candidate(int id, double ra, double dec) {
        return new CandidateRow(7, id, ra, dec, 15.0, 40, 3, "unmatched", 1, null, "", null, null);
    }

    private static DiffResult diff(List<Transient> ts) {
        return new DiffResult(4, 4, null, null, null, ts, null, 1, 10, 1, 1, 3, 3, 1, 1.0, 0, null);
    }

    @Test
    void eachTransientNamesTheNearestCandidateWithinTheMatchRadiusAndTheInjectionNearIt() {
        SkySiftConfig c = SkySiftConfig.defaults(); // match.radius_arcsec 5, report.injection_radius_arcsec 3
        List<Transient> ts = List.of(
                at(TransientKind.VANISHED, 150, 20),                     // candidates 4" and 2" away: the nearer
                at(TransientKind.APPEARED, 150, 20 + 60 * ARCSEC),       // a candidate 5.5" away: none
                at(TransientKind.FADED, 150, 20 + 120 * ARCSEC));        // injected change 2.9" away
        List<CandidateRow> cands = List.of(candidate(11, 150, 20 + 4 * ARCSEC), candidate(12, 150, 20 - 2 * ARCSEC),
                candidate(13, 150, 20 + 65.5 * ARCSEC));
        List<InjectedChange> injected = List.of(new InjectedChange("faded", "1991", 150, 20 + 122.9 * ARCSEC, 1e5, 5e4),
                new InjectedChange("vanished", "1991", 150, 20 + 3.2 * ARCSEC, 1e5, 0));
        List<TransientRow> rows = TransientRows.of(7, 5, "1991", "1953", 1991.7, 1953.2, diff(ts), cands, injected, c);
        assertThat(rows).extracting(TransientRow::transientId).containsExactly(6, 7, 8);
        assertThat(rows).extracting(TransientRow::kind).containsExactly("vanished", "appeared", "faded");
        assertThat(rows).extracting(TransientRow::candidateSourceId).containsExactly(12, null, null);
        assertThat(rows).extracting(TransientRow::injected).containsExactly(false, false, true);
        TransientRow r = rows.get(0);
        assertThat(r.fluxNew()).isNull(); // NaN forced flux: no value rather than NaN
        assertThat(r.fluxRef()).isEqualTo(520.0);
        assertThat(r.epochYear()).isEqualTo(1991.7);
        assertThat(r.tileId()).isEqualTo(7);

        // real images: injected is unknown, not false
        assertThat(TransientRows.of(7, 0, "b", "a", null, null, diff(ts), List.of(), null, c))
                .extracting(TransientRow::injected).containsOnlyNulls();
    }
}
