package org.skysift.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Input rows that were skipped: a count and the first few, each naming its file and line. */
public final class InputProblems implements Serializable {
    static final int KEEP = 10;
    private long skipped;
    private final List<String> first = new ArrayList<>();

    void add(String problem) {
        skipped++;
        if (first.size() < KEEP) {
            first.add(problem);
        }
    }

    public long skipped() {
        return skipped;
    }

    public List<String> first() {
        return List.copyOf(first);
    }
}
