package org.skysift.pipeline.progress;

import java.util.Optional;

/** Rate, ETA and duration wording shared by the console, progress.json and `skysift status`. */
public final class Rates {
    private Rates() {}

    public static double perSecond(long count, long elapsedMs) {
        return elapsedMs <= 0 ? 0 : count * 1000.0 / elapsedMs;
    }

    /** Seconds left at this rate, rounded up; empty while nothing has finished yet. */
    public static Optional<Long> eta(long remaining, double rate) {
        if (remaining <= 0) {
            return Optional.of(0L);
        }
        return rate > 0 ? Optional.of((long) Math.ceil(remaining / rate)) : Optional.empty();
    }

    /** 33 s, 4 min 05 s, 2 h 07 min. */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format("%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format("%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
