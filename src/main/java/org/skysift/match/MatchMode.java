package org.skysift.match;

import java.util.Locale;

/**
 * What a cross-match of catalogue 1 (left) against catalogue 2 (right) returns, after STILTS'
 * find modes: the nearest right per left, every pair, or the rows of one side without a partner.
 */
public enum MatchMode {
    /** Nearest right row per left row within the radius; ties go to the lowest right index (or id). */
    BEST("best"),
    /** Every (left, right) pair within the radius. */
    ALL("all"),
    /** Left rows with no right row within the radius. */
    ONE_NOT_TWO("1not2"),
    /** Right rows with no left row within the radius. */
    TWO_NOT_ONE("2not1");

    private final String label;

    MatchMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True when the result is pairs (left, right, separation) rather than rows of one side. */
    public boolean pairs() {
        return this == BEST || this == ALL;
    }

    public static MatchMode parse(String s) {
        String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (MatchMode m : values()) {
            if (m.label.equals(k) || m.name().toLowerCase(Locale.ROOT).equals(k)) {
                return m;
            }
        }
        throw new IllegalArgumentException("match mode '" + s + "': expected best, all, 1not2 or 2not1");
    }

    @Override
    public String toString() {
        return label;
    }
}
