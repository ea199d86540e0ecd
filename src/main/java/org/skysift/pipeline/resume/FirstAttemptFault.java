package org.skysift.pipeline.resume;

import java.util.Arrays;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * TEST-ONLY fault hook: with {@code spark.skysift.test.failFirstAttempt=<tile id>[,<tile id>...]} in the
 * Spark conf, the first attempt of the task that processes one of those tiles throws once the tile is
 * processed and checkpointed, outside the per-tile error handling, so Spark runs the task again (as
 * after a lost executor or a killed speculative copy). Never set it in a real run.
 */
public final class FirstAttemptFault {
    public static final String KEY = "spark.skysift.test.failFirstAttempt";
    public static final String MESSAGE = "skysift test fault: first attempt fails for tile ";

    private FirstAttemptFault() {}

    public static void check(long tileId) {
        TaskContext task = TaskContext.get();
        SparkEnv env = SparkEnv.get();
        if (task == null || env == null || task.attemptNumber() != 0) {
            return;
        }
        String ids = env.conf().get(KEY, "");
        if (!ids.isEmpty() && Arrays.stream(ids.split(",")).map(String::trim).anyMatch(Long.toString(tileId)::equals)) {
            throw new IllegalStateException(MESSAGE + tileId + " (" + KEY + ")");
        }
    }
}
