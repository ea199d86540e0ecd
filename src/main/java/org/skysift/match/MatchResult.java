package org.skysift.match;

/**
 * A cross-match's answer as parallel arrays of row indices. Pair modes fill all three (ordered by
 * left index, then separation, then right index); 1not2 fills only {@code left}, 2not1 only
 * {@code right} (ascending), the others being empty.
 */
public record MatchResult(MatchMode mode, int[] left, int[] right, double[] sepArcsec) {
    public int size() {
        return mode == MatchMode.TWO_NOT_ONE ? right.length : left.length;
    }
}
