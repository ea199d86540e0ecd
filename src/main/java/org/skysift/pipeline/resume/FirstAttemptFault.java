package org.skysift.pipeline.resume;

import java.util.Arrays;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * TEST-ONLY fault hooks, read from the Spark conf on the executors; never set them in a real run. They act
 * in the first attempt of the task that processes a listed tile, once the tile is processed and checkpointed,
 * outside the per-tile error handling, so Spark itself deals with the attempt:
 * <ul>
 * <li>{@code spark.skysift.test.failFirstAttempt=<tile id>[,...]}: the attempt throws, Spark runs the task again;
 * <li>{@code spark.skysift.test.stallFirstAttempt=<tile id>[,...]}: the attempt waits (up to
 *     {@link #STALL_MS}) until Spark kills it, so with spark.speculation a copy runs elsewhere and wins. It
 *     first prints {@link #STALL_LINE} to the executor's stderr, so a test can tell which executor holds it.
 * </ul>
 */
public final class FirstAttemptFault {
    public static final String KEY = "spark.skysift.test.failFirstAttempt";
    public static final String STALL_KEY = "spark.skysift.test.stallFirstAttempt";
    public static final String MESSAGE = "skysift test fault: first attempt fails for tile ";
    public static final String STALL_LINE = "skysift test stall: first attempt waits for tile ";
    static final long STALL_MS = 60_000;

    private FirstAttemptFault() {}

    public static void check(long tileId) {
        TaskContext task = TaskContext.get();
        SparkEnv env = SparkEnv.get();
        // a stage resubmitted after a lost executor numbers its task attempts from 0 again: only the very first
        // attempt of the first stage attempt acts, or the rerun of a lost tile would stall once more
        if (task == null || env == null || task.attemptNumber() != 0 || task.stageAttemptNumber() != 0) {
            return;
        }
        if (listed(env.conf().get(KEY, ""), tileId)) {
            throw new IllegalStateException(MESSAGE + tileId + " (" + KEY + ")");
        }
        if (listed(env.conf().get(STALL_KEY, ""), tileId)) {
            System.err.println(STALL_LINE + tileId + " on executor " + env.executorId());
            System.err.flush();
            try {
                Thread.sleep(STALL_MS); // a speculative copy's success interrupts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("skysift test stall interrupted for tile " + tileId, e);
            }
        }
    }

    private static boolean listed(String ids, long tileId) {
        return !ids.isEmpty() && Arrays.stream(ids.split(",")).map(String::trim).anyMatch(Long.toString(tileId)::equals);
    }
}
