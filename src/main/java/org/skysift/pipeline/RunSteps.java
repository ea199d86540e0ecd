package org.skysift.pipeline;

import java.util.Locale;
import org.skysift.config.ConfigException;

/**
 * Which of the run's steps to run ({@code run --from STEP --until STEP}, both inclusive, on one run folder).
 * Any first step up to any last one: each reads what the earlier steps left in the run folder.
 */
public record RunSteps(Step from, Step until) {

    /** The steps in order: targets and tiles; images and reference cones; the tiles; summary, report, manifest; zip. */
    public enum Step {
        PLAN, ACQUIRE, PROCESS, REPORT, PACKAGE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Step parse(String option, String s) {
            for (Step st : values()) {
                if (st.key().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return st;
                }
            }
            throw new ConfigException(option + " " + s + ": not a step; steps are plan, acquire, process, report, package");
        }
    }

    /** Every step, as a plain run does (package only when report.zip says so). */
    public static final RunSteps ALL = new RunSteps(Step.PLAN, Step.PACKAGE);

    /** The steps the options name; null options mean the first and the last step. */
    public static RunSteps of(String from, String until) {
        Step f = from == null ? Step.PLAN : Step.parse("--from", from);
        Step u = until == null ? Step.PACKAGE : Step.parse("--until", until);
        if (u.ordinal() < f.ordinal()) {
            throw new ConfigException("--until " + u.key() + " comes before --from " + f.key());
        }
        return new RunSteps(f, u);
    }

    public boolean isAll() {
        return equals(ALL);
    }

    /** Whether step s is among those to run. */
    public boolean runs(Step s) {
        return s.ordinal() >= from.ordinal() && s.ordinal() <= until.ordinal();
    }
}
