package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class PlanCostTest {
    @Test
    void coreHoursAndWallTimeOfAFullSkySweep() {
        // 70,000 tiles at 1.89 s on 64 cores: 1094 rounds of tiles (the last one partly filled)
        PlanCost c = new PlanCost(70_000, 1.89, "test", 40, 64);
        assertThat(c.coreHours()).isCloseTo(36.75, within(1e-9));
        assertThat(c.wallSeconds()).isCloseTo(40 + 1094 * 1.89, within(1e-9));
        assertThat(PlanCost.duration(c.wallSeconds())).isEqualTo("35.1 min");
    }

    @Test
    void fewerTilesThanCoresTakeOneTileOfWallTime() {
        PlanCost c = new PlanCost(3, 2.5, "test", 0, 8);
        assertThat(c.wallSeconds()).isEqualTo(2.5);
        assertThat(new PlanCost(0, 2.5, "test", 40, 8).wallSeconds()).isEqualTo(40);
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(PlanCost.duration(42)).isEqualTo("42 s");
        assertThat(PlanCost.duration(750)).isEqualTo("12.5 min");
        assertThat(PlanCost.duration(3 * 3600 + 720)).isEqualTo("3.2 h");
        assertThat(PlanCost.duration(4.1 * 86_400)).isEqualTo("4.1 d");
    }

    @Test
    void refusesNoCoresAndNoCost() {
        assertThatThrownBy(() -> new PlanCost(10, 1, "test", 0, 0)).hasMessageContaining("cores must be at least 1");
        assertThatThrownBy(() -> new PlanCost(10, Double.NaN, "run x", 0, 2)).hasMessageContaining("run x");
    }
}
