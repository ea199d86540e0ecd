package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class NamedTargetTest {
    private static CandidateRow at(double ra, double dec) {
        return new CandidateRow(7, 1, ra, dec, 18.0, 40, 2.8, "no_counterpart", 0.3, null, "unmatched", null, null);
    }

    @Test
    void eachCandidateTakesTheNameOfTheNearestTargetAcrossRaZero() {
        List<NamedTarget> targets = List.of(new NamedTarget("west", 359.9, 0.0), new NamedTarget("east", 0.1, 0.0));
        List<CandidateRow> out = NamedTarget.label(targets, List.of(at(359.98, 0.0), at(0.02, 0.01), at(0.0, 0.0)));
        // 0.0 is equally far from both: the smaller name wins, so reruns give the same table
        assertThat(out).extracting(CandidateRow::targetName).containsExactly("west", "east", "east");
        assertThat(out.get(0).ra()).isEqualTo(359.98);
    }

    @Test
    void tilesWithoutNamedTargetsLeaveTheColumnNull() {
        List<CandidateRow> in = List.of(at(10, 10));
        assertThat(NamedTarget.label(List.of(), in)).isSameAs(in);
        assertThat(NamedTarget.label(null, in).get(0).targetName()).isNull();
    }

    @Test
    void eachTransientTakesTheNameOfTheNearestNamedTargetAndKeepsTheRest() {
        List<NamedTarget> targets = List.of(new NamedTarget("M31", 10.6847, 41.2690), new NamedTarget(null, 10.70, 41.30),
                new NamedTarget("M32", 10.6743, 40.8652));
        List<TransientRow> in = List.of(change(1, 10.69, 41.25), change(2, 10.67, 40.90));
        List<TransientRow> out = NamedTarget.labelTransients(targets, in);
        // the unnamed target at (10.70, 41.30) is nearer to neither than M31, and is never a name anyway
        assertThat(out).extracting(TransientRow::targetName).containsExactly("M31", "M32");
        assertThat(out).usingRecursiveFieldByFieldElementComparatorIgnoringFields("targetName").isEqualTo(in);
        assertThat(NamedTarget.labelTransients(List.of(new NamedTarget(null, 10.69, 41.25)), in)).isSameAs(in);
    }

    private static TransientRow change(int id, double ra, double dec) {
        return new TransientRow(7, id, "poss2", "poss1", "vanished", ra, dec, 100, 200, 12.5, -800, 60, 820.0, 40.0, 20.0,
                35.0, 1991.5, 1953.8, null, null, "cutouts/7/t" + id + "-poss2.png", null);
    }
}
