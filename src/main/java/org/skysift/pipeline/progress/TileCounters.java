package org.skysift.pipeline.progress;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Per-tile counters the executors add to as each tile starts and ends. They are named Spark
 * accumulators, so the Spark UI lists them per stage and the driver sees a running task's partial
 * values in its executor's heartbeats ({@link TileProgress}).
 */
public final class TileCounters implements Serializable {
    static final String STARTED = "skysift tiles started";
    static final String DONE = "skysift tiles done";
    static final String FAILED = "skysift tiles failed";

    private final LongAccumulator started;
    private final LongAccumulator done;
    private final LongAccumulator failed;

    private TileCounters(LongAccumulator started, LongAccumulator done, LongAccumulator failed) {
        this.started = started;
        this.done = done;
        this.failed = failed;
    }

    public static TileCounters register(SparkContext sc) {
        return new TileCounters(sc.longAccumulator(STARTED), sc.longAccumulator(DONE), sc.longAccumulator(FAILED));
    }

    public void tileStarted() {
        started.add(1);
    }

    /** A tile left the processor: done counts every tile, failed the ones that became failed rows. */
    public void tileFinished(boolean asFailed) {
        done.add(1);
        if (asFailed) {
            failed.add(1);
        }
    }

    long startedId() {
        return started.id();
    }

    long doneId() {
        return done.id();
    }

    long failedId() {
        return failed.id();
    }

    /**
     * The driver's totals: exact for the tasks that succeeded once each, which holds right after the
     * job that processed the tiles (a later recomputation of a lost partition would add to them again).
     */
    TileCount driverTotals() {
        return new TileCount(done.value(), failed.value(), 0);
    }
}
