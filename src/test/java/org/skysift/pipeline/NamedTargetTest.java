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
}
