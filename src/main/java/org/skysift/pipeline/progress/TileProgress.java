package org.skysift.pipeline.progress;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.TaskEndReason;
import org.apache.spark.Success$;
import scala.collection.Iterable;
import scala.collection.Iterator;

/**
 * Tiles done so far, counted per tile while tasks run. Executors' heartbeats carry the partial
 * accumulator values of their running tasks; a task's end carries its final ones. Counts are kept
 * per partition as the largest value any attempt reported, so a retried or speculative attempt,
 * which starts again from zero on the same tiles, never counts a tile twice.
 */
public final class TileProgress extends SparkListener {
    private static final int STARTED = 0, DONE = 1, FAILED = 2;

    private final long[] ids;
    private final Map<Long, Integer> partitionOfTask = new HashMap<>();
    private final Map<Integer, long[]> byPartition = new HashMap<>();
    private String step;

    public TileProgress(TileCounters counters) {
        this(counters.startedId(), counters.doneId(), counters.failedId());
    }

    TileProgress(long startedId, long doneId, long failedId) {
        this.ids = new long[] {startedId, doneId, failedId};
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart e) {
        if (e.properties() != null && e.properties().getProperty(RunMetrics.DESCRIPTION) != null) {
            step = e.properties().getProperty(RunMetrics.DESCRIPTION);
        }
    }

    /** The description of the latest job: the step the run is at. */
    public synchronized String step() {
        return step;
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart e) {
        partitionOfTask.put(e.taskInfo().taskId(), e.taskInfo().partitionId());
    }

    @Override
    public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate e) {
        // The element type is scala.collection.Seq under Scala 2.12 and immutable.Seq under 2.13: var fits both.
        var it = e.accumUpdates().iterator();
        while (it.hasNext()) {
            var u = it.next();
            Integer partition = partitionOfTask.get((Long) u._1());
            if (partition != null) {
                take(partition, u._4());
            }
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        Integer partition = partitionOfTask.remove(e.taskInfo().taskId());
        TaskEndReason reason = e.reason();
        // a failed attempt's end carries no values of ours (they do not count failed tasks); its heartbeats did
        if (partition != null && reason == Success$.MODULE$) {
            take(partition, e.taskInfo().accumulables());
        }
    }

    private void take(int partition, Iterable<AccumulableInfo> infos) {
        Iterator<AccumulableInfo> it = infos.iterator();
        while (it.hasNext()) {
            AccumulableInfo info = it.next();
            for (int k = 0; k < ids.length; k++) {
                if (info.id() == ids[k] && info.update().isDefined() && info.update().get() instanceof Number n) {
                    long[] c = byPartition.computeIfAbsent(partition, p -> new long[ids.length]);
                    c[k] = Math.max(c[k], n.longValue());
                }
            }
        }
    }

    /** Tiles done and failed so far, and tiles started but not done (being processed now). */
    public synchronized TileCount count() {
        long done = 0, failed = 0, running = 0;
        for (long[] c : byPartition.values()) {
            done += c[DONE];
            failed += c[FAILED];
            running += Math.max(0, c[STARTED] - c[DONE]);
        }
        return new TileCount(done, failed, running);
    }
}
