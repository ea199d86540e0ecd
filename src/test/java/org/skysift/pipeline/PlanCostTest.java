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
    void tilesOfTheirOwnCostsAreProjectedWithListSchedulingsBound() {
        // 9 tiles measured: 8 of 1 s and one of 10 s, 18 s in all, on 3 cores
        PlanCost c = new PlanCost(9, 1, "test", 5, 3, 18, 10, 9);
        assertThat(c.coreHours()).isCloseTo(18 / 3600.0, within(1e-12));
        // at most 18 / 3 + (2 / 3) x 10; the best schedule needs 10, so the bound is never below the longest tile
        assertThat(c.wallSeconds()).isCloseTo(5 + 6 + 20.0 / 3, within(1e-9)).isGreaterThanOrEqualTo(5 + 10);
        // one core: the sum
        assertThat(new PlanCost(9, 1, "test", 0, 1, 18, 10, 9).wallSeconds()).isCloseTo(18, within(1e-9));
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
