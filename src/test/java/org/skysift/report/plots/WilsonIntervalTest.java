package org.skysift.report.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class WilsonIntervalTest {
    @Test
    void matchesTheScoreIntervalWorkedByHand() {
        // k = 5, n = 10, z = 1: centre (0.5 + 1/20) / 1.1 = 0.5, half = (1/1.1) sqrt(0.025 + 0.0025) = 0.150756
        double[] ci = InjectionRecovery.wilson(5, 10, 1.0);
        assertThat(ci[0]).isCloseTo(0.5 - 0.150756, within(1e-6));
        assertThat(ci[1]).isCloseTo(0.5 + 0.150756, within(1e-6));
        // k = 0, n = 10: [0, z²/(n + z²)] = [0, 1/11]; all recovered: [10/11, 1]
        assertThat(InjectionRecovery.wilson(0, 10, 1.0)).containsExactly(new double[] {0, 1.0 / 11}, within(1e-12));
        assertThat(InjectionRecovery.wilson(10, 10, 1.0)).containsExactly(new double[] {10.0 / 11, 1}, within(1e-12));
    }
}
