package org.skysift.pipeline.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.io.HadoopFiles;

/**
 * One writer per run folder: {@code <runDir>/_lock.json}, created only if absent (an atomic create on
 * HDFS and local disks), holding the driver's host, pid and start, refreshed by a heartbeat, deleted when
 * the run ends, failed or not. A second run of the same run id finds it and refuses. A lock whose driver
 * is gone (same host and that process not alive, or no heartbeat for the stale age) is taken over: a
 * SIGKILLed driver leaves its lock behind, and the rerun that resumes it must not be refused.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "_lock.json";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunLock.class);

    /** The driver that holds a lock: where it runs, its process, when it took the lock and last said it was alive. */
    public record Holder(String runId, String host, long pid, Instant processStart, Instant started, Instant heartbeat) {
        /** This JVM, now. */
        public static Holder self(String runId, Clock clock) {
            ProcessHandle me = ProcessHandle.current();
            Instant now = clock.instant();
            return new Holder(runId, hostName(), me.pid(), me.info().startInstant().orElse(null), now, now);
        }

        String json() {
            ObjectNode n = ConfigLoader.json().createObjectNode();
            n.put("run_id", runId);
            n.put("host", host);
            n.put("pid", pid);
            n.put("process_start", processStart == null ? null : processStart.toString());
            n.put("started", started.toString());
            n.put("heartbeat", heartbeat.toString());
            return n.toString() + "\n";
        }

        static Holder parse(JsonNode n) {
            String ps = n.path("process_start").asText(null);
            return new Holder(n.path("run_id").asText(), n.path("host").asText(), n.path("pid").asLong(),
                    ps == null ? null : Instant.parse(ps), Instant.parse(n.path("started").asText()),
                    Instant.parse(n.path("heartbeat").asText()));
        }

        Holder beating(Instant now) {
            return new Holder(runId, host, pid, processStart, started, now);
        }

        public String describe() {
            return "run " + runId + " by the driver " + host + " pid " + pid + " since " + started
                    + " (last heartbeat " + heartbeat + ")";
        }
    }

    /** Whether a process on this host is still the one that took a lock (a reused pid is another process). */
    public interface Liveness {
        boolean alive(long pid, Instant processStart);

        Liveness PROCESSES = (pid, start) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> start == null || p.info().startInstant().map(start::equals).orElse(true))
                .orElse(false);
    }

    private final FileSystem fs;
    private final Path file;
    private final Clock clock;
    private volatile Holder me;
    private final Holder tookOver;
    private ScheduledExecutorService beat;

    private RunLock(FileSystem fs, Path file, Holder me, Holder tookOver, Clock clock) {
        this.fs = fs;
        this.file = file;
        this.me = me;
        this.tookOver = tookOver;
        this.clock = clock;
    }

    /**
     * Takes the run folder's lock for this JVM, with a heartbeat every staleAfter / 10 (at most a minute).
     *
     * @throws ConfigException when a live run holds it (exit 2: the message names it and the lock file)
     */
    public static RunLock acquire(String runDir, String runId, Duration staleAfter, Configuration conf) {
        RunLock lock = acquire(runDir, Holder.self(runId, Clock.systemUTC()), staleAfter, Liveness.PROCESSES,
                Clock.systemUTC(), conf);
        lock.startHeartbeat(Duration.ofMillis(Math.max(1000, Math.min(60_000, staleAfter.toMillis() / 10))));
        return lock;
    }

    static RunLock acquire(String runDir, Holder me, Duration staleAfter, Liveness liveness, Clock clock,
                           Configuration conf) {
        Path file = new Path(runDir, FILE);
        try {
            FileSystem fs = file.getFileSystem(conf);
            Holder stale = null;
            // a second round only after moving a stale lock aside: if another run moved it first, its new lock wins
            for (int round = 0; round < 2; round++) {
                if (create(fs, file, me)) {
                    if (stale != null) {
                        LOG.warn("took over the lock {} of {}: that driver is gone", file, stale.describe());
                    }
                    return new RunLock(fs, file, me, stale, clock);
                }
                Optional<Holder> held = read(fs, file);
                if (held.isEmpty() && fs.exists(file)) {
                    held = Optional.of(unreadable(fs, file, me.runId()));
                }
                if (held.isPresent()) {
                    Holder h = held.get();
                    if (!isStale(h, me.host(), staleAfter, liveness, clock)) {
                        throw refusal(runDir, file, h, staleAfter);
                    }
                    Path aside = new Path(runDir, FILE + "." + java.util.UUID.randomUUID() + ".stale");
                    if (fs.rename(file, aside)) {
                        fs.delete(aside, false);
                        stale = h;
                    }
                }
            }
            Holder h = read(fs, file).orElseThrow(() -> new IOException("cannot create " + file));
            throw refusal(runDir, file, h, staleAfter);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lock " + file, e);
        }
    }

    /** The live holder of a run folder's lock, if any (for --redo, which must not delete a running run's folder). */
    public static Optional<Holder> liveHolder(String runDir, Duration staleAfter, Configuration conf) {
        Path file = new Path(runDir, FILE);
        try {
            FileSystem fs = file.getFileSystem(conf);
            Holder self = Holder.self("", Clock.systemUTC());
            return read(fs, file).filter(h -> !isStale(h, self.host(), staleAfter, Liveness.PROCESSES, Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock " + file, e);
        }
    }

    /** The exit-2 error a run gets when another one holds its folder. */
    public static ConfigException refusal(String runDir, Object lockFile, Holder h, Duration staleAfter) {
        return new ConfigException("run folder " + runDir + " is in use by " + h.describe() + ". Wait for it to end,"
                + " or choose another run_id. If that driver is gone, its lock " + lockFile + " is taken over once it"
                + " has no heartbeat for " + staleAfter.toMinutes() + " min (lock_stale_minutes), or delete it.");
    }

    static boolean isStale(Holder h, String host, Duration staleAfter, Liveness liveness, Clock clock) {
        if (h.host().equals(host) && h.pid() > 0 && !liveness.alive(h.pid(), h.processStart())) {
            return true;
        }
        return Duration.between(h.heartbeat(), clock.instant()).compareTo(staleAfter) > 0;
    }

    private static boolean create(FileSystem fs, Path file, Holder me) throws IOException {
        java.io.File local = fs instanceof org.apache.hadoop.fs.LocalFileSystem l ? l.pathToFile(file)
                : fs instanceof org.apache.hadoop.fs.RawLocalFileSystem r ? r.pathToFile(file) : null;
        if (local != null) {
            // Hadoop's local create(overwrite=false) checks, then opens: two drivers can both pass the check.
            // CREATE_NEW is one open(O_EXCL)
            java.nio.file.Files.createDirectories(local.toPath().getParent());
            try {
                java.nio.file.Files.write(local.toPath(), me.json().getBytes(StandardCharsets.UTF_8),
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(me.json().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // some file systems say "exists" with a plain IOException
            if (fs.exists(file)) {
                return false;
            }
            throw e;
        }
    }

    private static Optional<Holder> read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return Optional.of(Holder.parse(ConfigLoader.json().readTree(in)));
        } catch (IOException | RuntimeException e) {
            // absent, or not a lock this class wrote: the caller tells the two apart
            return Optional.empty();
        }
    }

    /** A lock file that does not parse (cut short, edited): its age alone can make it stale. */
    private static Holder unreadable(FileSystem fs, Path file, String runId) throws IOException {
        Instant at = Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime());
        return new Holder(runId + " (unreadable lock file)", "?", -1, null, at, at);
    }

    /** The lock this one replaced, if its driver was gone. */
    public Optional<Holder> tookOver() {
        return Optional.ofNullable(tookOver);
    }

    public Holder holder() {
        return me;
    }

    /** Says this driver is alive: rewrites the lock with the time (whole, so a reader never sees half of it). */
    void heartbeat() throws IOException {
        me = me.beating(clock.instant());
        HadoopFiles.replace(file.toString(), me.json().getBytes(StandardCharsets.UTF_8), fs.getConf());
    }

    private void startHeartbeat(Duration every) {
        beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skysift-run-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat.scheduleWithFixedDelay(() -> {
            try {
                heartbeat();
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot refresh the lock {}: {}", file, e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the heartbeat and deletes the lock if it is still this driver's. */
    @Override
    public void close() {
        if (beat != null) {
            beat.shutdownNow();
            try {
                beat.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Optional<Holder> now = read(fs, file);
            if (now.isPresent() && now.get().pid() == me.pid() && now.get().host().equals(me.host())
                    && now.get().started().equals(me.started())) {
                fs.delete(file, false);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the lock {}: {}", file, e.toString());
        }
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown-host" : env;
        }
    }
}
