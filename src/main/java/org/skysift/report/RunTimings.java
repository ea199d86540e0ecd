package org.skysift.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall-clock times of a run's driver steps, for manifest.json. The driver calls {@link #lap} after each
 * step; a lap is the time since the previous lap (or the start). Spark evaluates lazily, so a lap holds
 * the work its step triggered, not only the work its code names: say so in step names
 * ("process tiles, write tables").
 */
public final class RunTimings {
    /** One step: its name and the wall-clock time it took. */
    public record Step(String name, Duration elapsed) {}

    private final Clock clock;
    private final Instant started;
    private Instant last;
    private final List<Step> steps = new ArrayList<>();

    public RunTimings(Instant started) {
        this(Clock.systemUTC(), started);
    }

    RunTimings(Clock clock, Instant started) {
        this.clock = clock;
        this.started = started;
        this.last = started;
    }

    public Instant started() {
        return started;
    }

    /** Ends the current step under this name and starts the next. */
    public void lap(String step) {
        Instant now = clock.instant();
        steps.add(new Step(step, Duration.between(last, now)));
        last = now;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /**
     * started_at, finished_at (now), elapsed_s and the steps in order; tileStageMs (the summary's
     * stage_ms: per-stage tile times summed over tiles, in executor time) is copied alongside when given.
     */
    public ObjectNode json(ObjectNode tileStageMs) {
        Instant finished = clock.instant();
        ObjectNode t = org.skysift.config.ConfigLoader.json().createObjectNode();
        t.put("started_at", started.toString());
        t.put("finished_at", finished.toString());
        t.put("elapsed_s", Duration.between(started, finished).toMillis() / 1000.0);
        var arr = t.putArray("steps");
        for (Step s : steps) {
            ObjectNode n = arr.addObject();
            n.put("step", s.name());
            n.put("elapsed_s", s.elapsed().toMillis() / 1000.0);
        }
        if (tileStageMs != null) {
            t.set("tile_stages_ms", tileStageMs.deepCopy());
        }
        return t;
    }
}
