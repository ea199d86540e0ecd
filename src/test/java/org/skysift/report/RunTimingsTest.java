package org.skysift.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.config.ConfigLoader;

@Tag("plain")
class RunTimingsTest {
    /** A clock that answers the given instants in turn. */
    private static Clock ticking(Instant... times) {
        ArrayDeque<Instant> q = new ArrayDeque<>(List.of(times));
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return q.remove();
            }
        };
    }

    @Test
    void eachLapIsTheTimeSinceThePreviousOneAndTheJsonAddsUp() {
        Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
        RunTimings t = new RunTimings(ticking(t0.plusMillis(1500), t0.plusMillis(4000), t0.plusMillis(4250)), t0);
        t.lap("targets and tiles");
        t.lap("process tiles, write tables");
        assertThat(t.steps()).extracting(RunTimings.Step::elapsed)
                .containsExactly(Duration.ofMillis(1500), Duration.ofMillis(2500));
        var stages = ConfigLoader.json().createObjectNode();
        stages.putObject("extract").put("total", 1234);
        JsonNode j = t.json(stages);
        assertThat(j.path("started_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(j.path("finished_at").asText()).isEqualTo("2026-01-02T03:04:09.250Z");
        assertThat(j.path("elapsed_s").asDouble()).isEqualTo(4.25);
        assertThat(j.path("steps").get(0).path("step").asText()).isEqualTo("targets and tiles");
        assertThat(j.path("steps").get(1).path("elapsed_s").asDouble()).isEqualTo(2.5);
        assertThat(j.at("/tile_stages_ms/extract/total").asLong()).isEqualTo(1234);
    }
}
