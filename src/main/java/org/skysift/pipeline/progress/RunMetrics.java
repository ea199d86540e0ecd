package org.skysift.pipeline.progress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.Success$;
import org.apache.spark.TaskKilled;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.status.api.v1.ExecutorSummary;
import org.skysift.config.ConfigLoader;

/**
 * What Spark did for one run, gathered from its listener events: jobs (with the step each one was
 * for), stage attempts (wall time, tasks, failed, retried and speculative attempts, shuffle and
 * spill), and the executors seen. Becomes the "jobs", "stages" and "executors" parts of metrics.json.
 */
public final class RunMetrics extends SparkListener {
    static final String DESCRIPTION = "spark.job.description";

    private final Map<Integer, ObjectNode> jobs = new TreeMap<>();
    private final Map<Integer, String> descriptionOfStage = new TreeMap<>();
    private final Map<String, StageStats> stages = new TreeMap<>();
    private final Map<String, ObjectNode> executors = new TreeMap<>();

    /** Executors already there when the run began (their added events came before this listener). */
    public synchronized void knownExecutors(scala.collection.Seq<ExecutorSummary> present) {
        scala.collection.Iterator<ExecutorSummary> it = present.iterator();
        while (it.hasNext()) {
            ExecutorSummary s = it.next();
            ObjectNode e = executor(s.id());
            e.put("host", s.hostPort().replaceAll(":\\d+$", ""));
            e.put("cores", s.totalCores());
            e.put("added_at", s.addTime().toInstant().toString());
        }
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart e) {
        ObjectNode j = ConfigLoader.json().createObjectNode();
        j.put("job_id", e.jobId());
        j.put("description", description(e.properties()));
        j.put("started_at", Instant.ofEpochMilli(e.time()).toString());
        ArrayNode ids = j.putArray("stage_ids");
        scala.collection.Iterator<Object> it = e.stageIds().iterator();
        while (it.hasNext()) {
            int id = (Integer) it.next();
            ids.add(id);
            descriptionOfStage.putIfAbsent(id, description(e.properties()));
        }
        j.put("_start", e.time());
        jobs.put(e.jobId(), j);
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd e) {
        ObjectNode j = jobs.get(e.jobId());
        if (j != null) {
            j.put("wall_ms", e.time() - j.path("_start").asLong());
            j.put("result", e.jobResult() == JobSucceeded$.MODULE$ ? "succeeded" : "failed");
        }
    }

    @Override
    public synchronized void onStageSubmitted(SparkListenerStageSubmitted e) {
        StageStats s = stage(e.stageInfo());
        String d = e.properties() == null ? null : description(e.properties());
        if (d != null) {
            s.description = d;
        }
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted e) {
        StageInfo si = e.stageInfo();
        StageStats s = stage(si);
        s.planned = si.numTasks();
        s.submitted = si.submissionTime().isDefined() ? (Long) si.submissionTime().get() : null;
        s.completed = si.completionTime().isDefined() ? (Long) si.completionTime().get() : null;
        s.failure = si.failureReason().isDefined() ? si.failureReason().get() : null;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        StageStats s = stages.computeIfAbsent(key(e.stageId(), e.stageAttemptId()), k -> new StageStats(e.stageId(), e.stageAttemptId()));
        s.tasks++;
        if (e.reason() == Success$.MODULE$) {
            s.succeeded++;
        } else if (e.reason() instanceof TaskKilled) {
            s.killed++;
        } else {
            s.failed++;
        }
        s.retried += e.taskInfo().attemptNumber() > 0 ? 1 : 0;
        s.speculative += e.taskInfo().speculative() ? 1 : 0;
        TaskMetrics m = e.taskMetrics();
        if (m != null) {
            s.runMs += m.executorRunTime();
            s.inputBytes += m.inputMetrics().bytesRead();
            s.outputBytes += m.outputMetrics().bytesWritten();
            s.shuffleRead += m.shuffleReadMetrics().totalBytesRead();
            s.shuffleWrite += m.shuffleWriteMetrics().bytesWritten();
            s.memorySpill += m.memoryBytesSpilled();
            s.diskSpill += m.diskBytesSpilled();
        }
        ObjectNode x = executor(e.taskInfo().executorId());
        if (!x.has("host")) {
            x.put("host", e.taskInfo().host());
        }
        x.put("tasks", x.path("tasks").asLong() + 1);
    }

    @Override
    public synchronized void onExecutorAdded(SparkListenerExecutorAdded e) {
        ObjectNode x = executor(e.executorId());
        x.put("host", e.executorInfo().executorHost());
        x.put("cores", e.executorInfo().totalCores());
        x.put("added_at", Instant.ofEpochMilli(e.time()).toString());
    }

    @Override
    public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        ObjectNode x = executor(e.executorId());
        x.put("removed_at", Instant.ofEpochMilli(e.time()).toString());
        x.put("removed_reason", e.reason());
    }

    private ObjectNode executor(String id) {
        return executors.computeIfAbsent(id, k -> {
            ObjectNode n = ConfigLoader.json().createObjectNode();
            n.put("id", k);
            return n;
        });
    }

    private StageStats stage(StageInfo si) {
        StageStats s = stages.computeIfAbsent(key(si.stageId(), si.attemptNumber()), k -> new StageStats(si.stageId(), si.attemptNumber()));
        s.name = si.name();
        s.planned = si.numTasks();
        return s;
    }

    private static String key(int stage, int attempt) {
        return String.format("%09d.%04d", stage, attempt);
    }

    private static String description(Properties p) {
        return p == null ? null : p.getProperty(DESCRIPTION);
    }

    /** Adds "jobs", "stages" and "executors" to the metrics tree. */
    public synchronized void writeTo(ObjectNode root) {
        ArrayNode js = root.putArray("jobs");
        for (ObjectNode j : jobs.values()) {
            ObjectNode c = j.deepCopy();
            c.remove("_start");
            js.add(c);
        }
        ArrayNode ss = root.putArray("stages");
        stages.values().forEach(s -> ss.add(s.json(descriptionOfStage.get(s.id))));
        ArrayNode xs = root.putArray("executors");
        executors.values().forEach(x -> xs.add(x.deepCopy()));
    }

    private static final class StageStats {
        final int id;
        final int attempt;
        String name;
        String description;
        Long submitted;
        Long completed;
        String failure;
        int planned;
        long tasks, succeeded, failed, killed, retried, speculative;
        long runMs, inputBytes, outputBytes, shuffleRead, shuffleWrite, memorySpill, diskSpill;

        StageStats(int id, int attempt) {
            this.id = id;
            this.attempt = attempt;
        }

        ObjectNode json(String jobDescription) {
            ObjectNode n = ConfigLoader.json().createObjectNode();
            n.put("stage_id", id);
            n.put("attempt", attempt);
            n.put("name", name);
            n.put("description", description != null ? description : jobDescription);
            n.put("status", completed == null ? "incomplete" : failure == null ? "succeeded" : "failed");
            if (failure != null) {
                n.put("failure", failure);
            }
            n.put("submitted_at", submitted == null ? null : Instant.ofEpochMilli(submitted).toString());
            if (submitted != null && completed != null) {
                n.put("wall_ms", completed - submitted);
            } else {
                n.putNull("wall_ms");
            }
            n.put("tasks_planned", planned);
            n.put("tasks", tasks);
            n.put("tasks_succeeded", succeeded);
            n.put("tasks_failed", failed);
            n.put("tasks_killed", killed);
            n.put("task_attempts_retried", retried);
            n.put("task_attempts_speculative", speculative);
            n.put("executor_run_ms", runMs);
            n.put("input_bytes", inputBytes);
            n.put("output_bytes", outputBytes);
            n.put("shuffle_read_bytes", shuffleRead);
            n.put("shuffle_write_bytes", shuffleWrite);
            n.put("memory_spill_bytes", memorySpill);
            n.put("disk_spill_bytes", diskSpill);
            return n;
        }
    }
}
