package org.skysift.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Success$;
import org.apache.spark.TaskResultLost$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple4;
import scala.collection.JavaConverters;

/** Feeds the listener the events Spark posts for a tile stage with a retried and a speculative task. */
class TileProgressTest {
    private static final long STARTED = 7, DONE = 8, FAILED = 9, OTHER = 3;
    private final TileProgress progress = new TileProgress(STARTED, DONE, FAILED);

    private static TaskInfo task(long id, int partition, int attempt, boolean speculative) {
        return new TaskInfo(id, partition, attempt, partition, 0L, "1", "host-a", TaskLocality.PROCESS_LOCAL(), speculative);
    }

    // an immutable List is the Seq Spark's events take under both Scala 2.12 (collection.Seq) and 2.13 (immutable.Seq)
    private static scala.collection.immutable.List<AccumulableInfo> values(long started, long done, long failed) {
        List<AccumulableInfo> l = new ArrayList<>();
        long[][] pairs = {{STARTED, started}, {DONE, done}, {FAILED, failed}, {OTHER, 99}};
        for (long[] p : pairs) {
            l.add(new AccumulableInfo(p[0], Option.apply("x"), Option.apply((Object) p[1]), Option.empty(), false, false, Option.empty()));
        }
        return JavaConverters.asScalaBuffer(l).toList();
    }

    private void heartbeat(long taskId, long started, long done, long failed) {
        List<Tuple4<Object, Object, Object, scala.collection.immutable.List<AccumulableInfo>>> u = List.of(
                new Tuple4<>(taskId, 2, 0, values(started, done, failed)));
        progress.onExecutorMetricsUpdate(new SparkListenerExecutorMetricsUpdate("1",
                seqOfEitherScala(JavaConverters.asScalaBuffer(u).toList()), new scala.collection.immutable.HashMap<>()));
    }

    /** The update list's declared element type differs between Scala 2.12 and 2.13 builds; the List fits both. */
    @SuppressWarnings("unchecked")
    private static <T> T seqOfEitherScala(scala.collection.immutable.List<?> list) {
        return (T) list;
    }

    private void end(TaskInfo t, boolean ok, long started, long done, long failed) {
        t.setAccumulables(values(started, done, failed));
        progress.onTaskEnd(new SparkListenerTaskEnd(2, 0, "ResultTask", ok ? Success$.MODULE$ : TaskResultLost$.MODULE$, t, null, null));
    }

    @Test
    void countsEachTileOnceAcrossRetriesAndSpeculation() {
        TaskInfo a0 = task(1, 0, 0, false), b0 = task(2, 1, 0, false);
        progress.onTaskStart(new SparkListenerTaskStart(2, 0, a0));
        progress.onTaskStart(new SparkListenerTaskStart(2, 0, b0));
        assertThat(progress.count()).isEqualTo(new TileCount(0, 0, 0));

        // partition 0 is on its second tile, partition 1 on its first
        heartbeat(1, 2, 1, 0);
        heartbeat(2, 1, 0, 0);
        assertThat(progress.count()).isEqualTo(new TileCount(1, 0, 2));

        // partition 0's attempt dies; its retry starts over on the same two tiles
        end(a0, false, 2, 1, 0);
        TaskInfo a1 = task(3, 0, 1, false);
        progress.onTaskStart(new SparkListenerTaskStart(2, 0, a1));
        heartbeat(3, 1, 0, 0);
        assertThat(progress.count().done()).isEqualTo(1);
        end(a1, true, 2, 2, 0);
        assertThat(progress.count()).isEqualTo(new TileCount(2, 0, 1));

        // partition 1 finishes with one failed tile; a speculative copy of it finishing too adds nothing
        TaskInfo b1 = task(4, 1, 1, true);
        progress.onTaskStart(new SparkListenerTaskStart(2, 0, b1));
        end(b0, true, 2, 2, 1);
        end(b1, true, 2, 2, 1);
        assertThat(progress.count()).isEqualTo(new TileCount(4, 1, 0));
    }

    @Test
    void heartbeatsOfTasksItNeverSawStartAreIgnored() {
        heartbeat(42, 1, 1, 0);
        assertThat(progress.count()).isEqualTo(TileCount.NONE);
    }
}
