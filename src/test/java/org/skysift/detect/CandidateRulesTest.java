package org.skysift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skysift.extract.Source;

class CandidateRulesTest {
    private static Source src(int id, double x, double y, double snr, int flags) {
        return new Source(id, x, y, 0, 0, x, y, 1, 1, 0, 1, 1, 0, 1000, 10, 1000, 1000 / snr, 3.5,
                new double[] {1}, new double[] {1}, 100, new double[] {1.5}, 1.5, 3, snr, 20, 100, flags, 1, 2, 1, 2);
    }

    @Test
    void keepsOnlyUnmatchedCleanSignificantSourcesAwayFromTheEdge() {
        List<Source> s = List.of(
                src(1, 100, 100, 50, 0),   // candidate
                src(2, 100, 100, 50, 0),   // matched
                src(3, 100, 100, 50, 4),   // saturated
                src(4, 100, 100, 29, 0),   // too faint
                src(5, 10, 100, 50, 0),    // at the edge
                src(6, 181, 100, 50, 0));  // 19.5 px from the right edge of a 200 px image
        boolean[] matched = {false, true, false, false, false, false};
        var c = new CandidateRules(30, 20).select(s, matched, 200, 200);
        assertThat(c).extracting(CandidateRules.Candidate::sourceIndex).containsExactly(0);
        assertThat(c.get(0).reason()).isEqualTo("no_counterpart");
        assertThat(c.get(0).score()).isBetween(0.0, 1.0);
    }
}
