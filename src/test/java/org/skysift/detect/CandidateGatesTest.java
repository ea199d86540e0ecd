package org.skysift.detect;

import org.skysift.config.SkySiftConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class CandidateGatesTest {
    private static final SkySiftConfig.Candidates VASCO = new SkySiftConfig.Candidates(30, 2, 7, 1.3, -0.002, 1, 2, 2, 12, 30, 3, 2, 20);

    private static GateInput star(double x, double y, boolean matched) {
        return new GateInput(x, y, matched, 0, 80, 3.0, 1.05, Double.NaN, 5, 5);
    }

    /** Twenty matched clean stars define the tile's shape locus (FWHM ~3, elongation ~1.05). */
    private static List<GateInput> locus() {
        List<GateInput> in = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            in.add(new GateInput(100 + i * 10, 300, true, 0, 80, 3.0 + 0.02 * (i % 5), 1.04 + 0.01 * (i % 3), Double.NaN, 5, 5));
        }
        return in;
    }

    @Test
    void eachGateRejectsWhatItShouldInFunnelOrder() {
        List<GateInput> in = locus();
        int base = in.size();
        in.add(star(200, 200, false));                                                   // candidate
        in.add(new GateInput(200, 210, false, 4, 80, 3.0, 1.05, Double.NaN, 5, 5));       // flags
        in.add(new GateInput(200, 220, false, 0, 29, 3.0, 1.05, Double.NaN, 5, 5));       // snr
        in.add(new GateInput(200, 230, false, 0, 80, 1.5, 1.05, Double.NaN, 5, 5));       // fwhm (cosmic ray)
        in.add(new GateInput(200, 240, false, 0, 80, 3.0, 1.6, Double.NaN, 5, 5));        // elongation
        in.add(new GateInput(200, 250, false, 0, 80, 3.0, 1.05, -0.01, 5, 5));            // spread model
        in.add(new GateInput(200, 260, false, 0, 80, 3.0, 1.05, Double.NaN, 8, 4));       // extent
        in.add(new GateInput(200, 270, false, 0, 80, 5.5, 1.05, Double.NaN, 5, 5));       // shape outlier
        in.add(star(52, 50, false));                                                     // bright star halo
        in.add(star(110, 51, false));                                                    // spike along x
        in.add(star(10, 200, false));                                                    // edge
        List<BrightStar> bright = List.of(new BrightStar(50, 50, 20, 60));
        CandidateGates.Result r = new CandidateGates(VASCO).evaluate(in, bright, 400, 400);
        Gate[] expected = {null, Gate.FLAGS, Gate.SNR, Gate.FWHM, Gate.ELONGATION, Gate.SPREAD_MODEL, Gate.EXTENT,
            Gate.SHAPE_OUTLIER, Gate.BRIGHT_STAR, Gate.SPIKE, Gate.EDGE};
        for (int k = 0; k < expected.length; k++) {
            assertThat(r.verdicts().get(base + k).firstFailed()).as("row %d", k).isEqualTo(expected[k]);
        }
        assertThat(r.verdicts().get(0).firstFailed()).isEqualTo(Gate.UNMATCHED);
        // the funnel: 11 unmatched, then one fewer after each gate down to the single candidate
        assertThat(r.funnel()).containsExactly(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    }

    @Test
    void allFailedGatesAreRecordedAndSpreadModelIsSkippedWhenUnmeasured() {
        List<GateInput> in = new ArrayList<>(locus());
        in.add(new GateInput(5, 5, false, 8, 10, 9, 2, Double.NaN, 1, 9));
        CandidateGates.Result r = new CandidateGates(VASCO).evaluate(in, List.of(), 400, 400);
        var v = r.verdicts().get(in.size() - 1);
        assertThat(v.firstFailed()).isEqualTo(Gate.FLAGS);
        assertThat(v.failed()).contains(Gate.FLAGS, Gate.SNR, Gate.FWHM, Gate.ELONGATION, Gate.EXTENT, Gate.EDGE)
                .doesNotContain(Gate.SPREAD_MODEL, Gate.UNMATCHED);
    }

    @Test
    void fewStarsMeanNoShapeStatisticsRatherThanRejectingEverything() {
        List<GateInput> in = List.of(star(100, 100, false), new GateInput(150, 150, false, 0, 80, 6.0, 1.25, Double.NaN, 6, 6));
        CandidateGates.Result r = new CandidateGates(VASCO).evaluate(in, List.of(), 400, 400);
        assertThat(r.verdicts()).allMatch(CandidateGates.Verdict::candidate);
    }
}
