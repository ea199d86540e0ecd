package org.skysift.acquire;

import java.util.ArrayList;
import java.util.List;

/** A sleeper that only records the waits it was asked for, so retry tests run at full speed. */
public final class RecordingSleeper implements Sleeper {
    private final List<Long> sleeps = new ArrayList<>();

    @Override
    public synchronized void sleep(long millis) {
        sleeps.add(millis);
    }

    public synchronized List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
