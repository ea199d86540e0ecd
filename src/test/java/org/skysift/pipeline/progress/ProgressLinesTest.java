package org.skysift.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class ProgressLinesTest {
    private static final long T0 = 1_000_000L;

    private static TileCount done(long done, long failed) {
        return new TileCount(done, failed, 0);
    }

    @Test
    void printsAtStartAtEachTenPercentStepAndAtLeastEveryThirtySeconds() {
        ProgressLines p = new ProgressLines(40, T0);
        assertThat(p.update(done(0, 0), T0)).contains("Progress: 0/40 (0%) tiles, 0 failed, 0.00 tiles/s, ETA unknown");
        // 3 of 40 is 7.5%: no step crossed, and only 5 s passed
        assertThat(p.update(done(3, 0), T0 + 5_000)).isEmpty();
        // 4/40 crosses 10%: 0.4 tiles/s, 36 left -> 90 s
        assertThat(p.update(done(4, 0), T0 + 10_000)).contains("Progress: 4/40 (10%) tiles, 0 failed, 0.40 tiles/s, ETA 1 min 30 s");
        // nothing new for just under 30 s after that line...
        assertThat(p.update(done(5, 1), T0 + 39_999)).isEmpty();
        // ...then a line at 30 s although no step was crossed: 5 tiles in 40 s = 0.125/s, 35 left -> 280 s
        assertThat(p.update(done(5, 1), T0 + 40_000)).contains("Progress: 5/40 (12%) tiles, 1 failed, 0.13 tiles/s, ETA 4 min 40 s");
        // a jump over several steps prints once
        assertThat(p.update(done(21, 1), T0 + 50_000)).contains("Progress: 21/40 (52%) tiles, 1 failed, 0.42 tiles/s, ETA 46 s");
        assertThat(p.update(done(23, 1), T0 + 51_000)).isEmpty();
        assertThat(p.update(done(40, 2), T0 + 80_000)).contains("Progress: 40/40 (100%) tiles, 2 failed, 0.50 tiles/s, took 1 min 20 s");
        // the 100% line was printed already: finishing adds none
        assertThat(p.finish(done(40, 2), T0 + 81_000)).isEmpty();
    }

    @Test
    void finishPrintsTheHundredPercentLineWhenTheLastUpdateDidNot() {
        ProgressLines p = new ProgressLines(7, T0);
        assertThat(p.update(done(0, 0), T0)).isPresent();
        assertThat(p.update(done(6, 0), T0 + 12_000)).contains("Progress: 6/7 (85%) tiles, 0 failed, 0.50 tiles/s, ETA 2 s");
        assertThat(p.finish(done(7, 3), T0 + 14_000)).contains("Progress: 7/7 (100%) tiles, 3 failed, 0.50 tiles/s, took 14 s");
    }

    @Test
    void aRunWithNoTilesIsDoneAtOnce() {
        ProgressLines p = new ProgressLines(0, T0);
        assertThat(p.update(done(0, 0), T0)).contains("Progress: 0/0 (100%) tiles, 0 failed, 0.00 tiles/s, took 0 s");
        assertThat(p.finish(done(0, 0), T0 + 1)).isEmpty();
    }

    @Test
    void durationsAndEta() {
        assertThat(Rates.duration(0)).isEqualTo("0 s");
        assertThat(Rates.duration(59)).isEqualTo("59 s");
        assertThat(Rates.duration(60)).isEqualTo("1 min 00 s");
        assertThat(Rates.duration(3599)).isEqualTo("59 min 59 s");
        assertThat(Rates.duration(3725)).isEqualTo("1 h 02 min");
        // 10 left at 3 per second: 3.33 s, rounded up
        assertThat(Rates.eta(10, 3.0)).contains(4L);
        assertThat(Rates.eta(10, 0)).isEmpty();
        assertThat(Rates.eta(0, 0)).contains(0L);
    }
}
