package org.skysift.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.config.ConfigLoader;

@Tag("plain")
class RateSeriesTest {
    private static TileCount done(long n) {
        return new TileCount(n, 0, 0);
    }

    @Test
    void samplesAtItsIntervalAndGivesTheRateSinceThePreviousPoint() {
        RateSeries s = new RateSeries(3000, 100);
        s.sample(0, done(0), true);
        s.sample(2999, done(1), false);
        s.sample(3000, done(3), false);
        s.sample(4000, done(4), true);
        assertThat(s.points()).extracting(RateSeries.Point::tMs).containsExactly(0L, 3000L, 4000L);
        var json = s.json(ConfigLoader.json().createArrayNode());
        assertThat(json.get(1).path("tiles_per_s").asDouble()).isEqualTo(1.0);
        assertThat(json.get(2).path("tiles_per_s").asDouble()).isEqualTo(1.0);
        assertThat(json.get(2).path("t_s").asDouble()).isEqualTo(4.0);
    }

    @Test
    void aLongRunIsThinnedByHalfKeepingTheLastPointAndSamplesHalfAsOften() {
        RateSeries s = new RateSeries(1000, 2);
        for (int i = 0; i <= 4; i++) {
            s.sample(i * 1000L, done(i), false);
        }
        // five points are more than 2 x 2: every other one is kept, the last one always
        assertThat(s.points()).extracting(RateSeries.Point::done).containsExactly(0L, 2L, 4L);
        s.sample(5000, done(5), false);
        assertThat(s.points()).hasSize(3);
        s.sample(6000, done(6), false);
        assertThat(s.points()).extracting(RateSeries.Point::done).containsExactly(0L, 2L, 4L, 6L);
    }
}
