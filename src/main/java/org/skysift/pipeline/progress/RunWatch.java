package org.skysift.pipeline.progress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one run from the driver: counts tiles as the executors finish them, shows progress on the
 * console while the tiles are processed, rewrites progress.json every few seconds, and at the end
 * writes metrics.json. Listeners are registered for the run only and removed on close, since one
 * SparkContext may serve many runs.
 */
public final class RunWatch implements AutoCloseable {
    public static final String PROGRESS_FILE = "progress.json";
    public static final String METRICS_FILE = "metrics.json";
    static final long TICK_MS = 500;
    static final long FILE_EVERY_MS = 3000;
    private static final Logger LOG = LoggerFactory.getLogger(RunWatch.class);

    private final SparkContext sc;
    private final Configuration conf;
    private final String runId;
    private ObjectNode work;
    private final String runDir;
    private final Instant started;
    private final boolean progressOn;
    private final boolean metricsOn;
    private final PrintStream out;
    private final TileCounters counters;
    private final TileProgress tiles;
    private final RunMetrics metrics = new RunMetrics();
    private final RateSeries series = new RateSeries(FILE_EVERY_MS, 500);
    private final ScheduledExecutorService ticker;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();

    private Long total;
    private Instant processingStarted;
    private Instant processingEnded;
    private ProgressDisplay display;
    private TileCount processedCount;
    private long lastFileMs;
    private boolean warned;

    private RunWatch(SparkSession spark, String runId, String runDir, SkySiftConfig.Report report, PrintStream out, Instant started) {
        this.sc = spark.sparkContext();
        this.conf = sc.hadoopConfiguration();
        this.runId = runId;
        this.runDir = runDir;
        this.started = started;
        this.progressOn = report.progress();
        this.metricsOn = report.metrics();
        this.out = out;
        this.counters = TileCounters.register(sc);
        this.tiles = new TileProgress(counters);
        sc.addSparkListener(tiles);
        if (metricsOn) {
            metrics.knownExecutors(sc.statusStore().executorList(true));
            sc.addSparkListener(metrics);
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skysift-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching: progress.json says "running" from now on. */
    public static RunWatch start(SparkSession spark, String runId, String runDir, SkySiftConfig.Report report,
                                 PrintStream out, Instant started) {
        RunWatch w = new RunWatch(spark, runId, runDir, report, out, started);
        if (w.progressOn) {
            out.println("skysift: run " + runId + " writing to " + runDir);
            out.println("skysift: follow it from any machine with: skysift status " + runDir);
            w.writeProgress(ProgressState.RUNNING, null);
        }
        w.ticker.scheduleWithFixedDelay(w::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return w;
    }

    /** The accumulators the tile processor adds to. */
    public TileCounters counters() {
        return counters;
    }

    /** What this invocation does (tiles resumed, processed, images fetched): kept for metrics.json. */
    public synchronized void work(ObjectNode counts) {
        work = counts;
    }

    /** The tiles are about to be processed: shows progress from here on. */
    public synchronized void processing(long nTiles) {
        total = nTiles;
        processingStarted = Instant.now();
        series.sample(processingStarted.toEpochMilli() - started.toEpochMilli(), TileCount.NONE, true);
        if (progressOn) {
            display = ProgressDisplay.forStream(out, nTiles, processingStarted.toEpochMilli());
            display.show(TileCount.NONE, processingStarted.toEpochMilli());
        }
    }

    /** The job that processed the tiles returned: closes the console display with the final counts. */
    public synchronized void processed() {
        // the driver's accumulators are exact now, and the listener may not have had the last task ends yet
        TileCount c = tiles.count().max(counters.driverTotals());
        processedCount = new TileCount(c.done(), c.failed(), 0);
        processingEnded = Instant.now();
        long now = processingEnded.toEpochMilli();
        series.sample(now - started.toEpochMilli(), processedCount, true);
        if (display != null) {
            display.finish(processedCount, now);
            display = null;
            out.println("skysift: tiles processed; writing the tables, summary and report");
        }
    }

    /** The run wrote everything but its manifest: writes metrics.json and the last progress.json. */
    public void finished() {
        stopTicking();
        if (metricsOn) {
            writeMetrics(ProgressState.FINISHED);
        }
        if (progressOn) {
            writeProgress(ProgressState.FINISHED, null);
        }
    }

    /** The run failed: progress.json says so and why (metrics.json too, for the post-mortem). Never throws. */
    public void failed(Throwable t) {
        stopTicking();
        attempt(t, () -> {
            synchronized (this) {
                if (display != null) {
                    display.finish(current(), System.currentTimeMillis());
                    display = null;
                }
            }
        });
        if (progressOn) {
            attempt(t, () -> writeProgress(ProgressState.FAILED, String.valueOf(t)));
        }
        if (metricsOn) {
            attempt(t, () -> writeMetrics(ProgressState.FAILED));
        }
    }

    /** Runs one step of reporting a failure; its own failure is kept with the run's, never hides it. */
    private static void attempt(Throwable failure, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        stopTicking();
        sc.removeSparkListener(tiles);
        sc.removeSparkListener(metrics);
    }

    private void stopTicking() {
        // a tick in flight finishes its write: interrupted, an HDFS or S3 client abandons the file half written
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(5, TimeUnit.SECONDS)) {
                ticker.shutdownNow();
            }
        } catch (InterruptedException e) {
            ticker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void tick() {
        try {
            long now = System.currentTimeMillis();
            TileCount c = current();
            if (display != null) {
                display.show(c, now);
            }
            if (now - lastFileMs >= FILE_EVERY_MS) {
                lastFileMs = now;
                if (processingStarted != null && processingEnded == null) {
                    series.sample(now - started.toEpochMilli(), c, false);
                }
                if (progressOn) {
                    writeProgress(ProgressState.RUNNING, null);
                }
            }
        } catch (RuntimeException e) {
            // progress is a view of the run, never a reason to stop it
            if (!warned) {
                warned = true;
                LOG.warn("progress not updated: {}", e.toString());
            }
        }
    }

    private synchronized TileCount current() {
        return processedCount != null ? processedCount : tiles.count();
    }

    private synchronized void writeProgress(String state, String error) {
        TileCount c = current();
        long now = System.currentTimeMillis();
        long until = processingEnded != null ? processingEnded.toEpochMilli() : now;
        double rate = processingStarted == null ? 0 : Rates.perSecond(c.done(), until - processingStarted.toEpochMilli());
        Long eta = total == null || ProgressState.FINISHED.equals(state) ? null : Rates.eta(total - c.done(), rate).orElse(null);
        ProgressState s = new ProgressState(runId, state, tiles.step(), total, c.done(), c.failed(),
                ProgressState.RUNNING.equals(state) ? c.running() : 0, rate, eta, started, processingStarted,
                Instant.ofEpochMilli(now), FILE_EVERY_MS / 1000.0, host, pid, error);
        RunJson.writeJson(conf, runDir + "/" + PROGRESS_FILE, s.toJson());
    }

    private void writeMetrics(String state) {
        try {
            // the last stages' events may still be queued for the listeners
            sc.listenerBus().waitUntilEmpty(10_000);
        } catch (TimeoutException e) {
            LOG.warn("metrics.json may miss the last Spark events: {}", e.getMessage());
        }
        TileCount c = current();
        Instant now = Instant.now();
        ObjectNode root = ConfigLoader.json().createObjectNode();
        root.put("run_id", runId);
        root.put("state", state);
        root.put("started_at", started.toString());
        root.put("finished_at", now.toString());
        root.put("elapsed_s", (now.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        ObjectNode spark = root.putObject("spark");
        spark.put("version", sc.version());
        spark.put("master", sc.master());
        spark.put("app_id", sc.applicationId());
        spark.put("heartbeat_interval", sc.getConf().get("spark.executor.heartbeatInterval", "10s"));
        ObjectNode t = root.putObject("tiles");
        if (total == null) {
            t.putNull("total");
        } else {
            t.put("total", total);
        }
        t.put("done", c.done());
        t.put("failed", c.failed());
        synchronized (this) {
            if (processingStarted != null && processingEnded != null) {
                long ms = processingEnded.toEpochMilli() - processingStarted.toEpochMilli();
                t.put("processing_s", ms / 1000.0);
                t.put("tiles_per_s", Math.round(Rates.perSecond(c.done(), ms) * 1000) / 1000.0);
            }
        }
        synchronized (this) {
            if (work != null) {
                root.set("work", work);
            }
        }
        series.json(root.putArray("tiles_per_s_series"));
        metrics.writeTo(root);
        RunJson.writeJson(conf, runDir + "/" + METRICS_FILE, root);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
