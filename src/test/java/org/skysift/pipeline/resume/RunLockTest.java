package org.skysift.pipeline.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;

/** The run folder's lock on a real local file system, with real processes for "is that driver alive". */
@Tag("plain")
class RunLockTest {
    static final Duration STALE = Duration.ofMinutes(30);
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;
    final Configuration conf = new Configuration();

    String runDir() {
        return dir.resolve("out/night1").toUri().toString();
    }

    Path lockFile() {
        return dir.resolve("out/night1").resolve(RunLock.FILE);
    }

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    RunLock take(RunLock.Holder me, Clock clock) {
        return RunLock.acquire(runDir(), me, STALE, RunLock.Liveness.PROCESSES, clock, conf);
    }

    static RunLock.Holder self() {
        return RunLock.Holder.self("night1", at(T0));
    }

    /** A lock as another driver would have written it. */
    void writeLock(RunLock.Holder h) throws IOException {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), h.json());
    }

    JsonNode lockJson() throws IOException {
        return ConfigLoader.json().readTree(lockFile().toFile());
    }

    /** The pid of a process that has ended (pids are not reused that fast). */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void theLockHoldsThisDriverAndGoesAwayAtTheEnd() throws IOException {
        try (RunLock lock = take(self(), at(T0))) {
            JsonNode j = lockJson();
            assertThat(j.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(j.path("host").asText()).isEqualTo(RunLock.hostName());
            assertThat(j.path("run_id").asText()).isEqualTo("night1");
            assertThat(j.path("started").asText()).isEqualTo("2026-12-02T10:00:00Z");
            assertThat(lock.tookOver()).isEmpty();
        }
        assertThat(lockFile()).doesNotExist();
        try (RunLock again = take(self(), at(T0))) {
            assertThat(lockFile()).exists(); // a finished run's id can be run again (--redo, resume)
        }
    }

    @Test
    void aSecondRunWhileTheFirstIsAliveIsRefusedNamingTheFirstAndTheLock() throws IOException {
        try (RunLock first = take(self(), at(T0))) {
            String before = Files.readString(lockFile());
            assertThatThrownBy(() -> take(self(), at(T0.plus(Duration.ofMinutes(29)))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("run folder " + runDir() + " is in use by run night1 by the driver "
                            + RunLock.hostName() + " pid " + ProcessHandle.current().pid() + " since 2026-12-02T10:00:00Z")
                    .hasMessageContaining(RunLock.FILE).hasMessageContaining("lock_stale_minutes");
            assertThat(Files.readString(lockFile())).as("the refused run leaves the lock alone").isEqualTo(before);
        }
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void ofRunsStartingTogetherExactlyOneGetsTheFolder() throws Exception {
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RunLock>> tries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tries.add(pool.submit(() -> {
                go.await();
                return take(self(), at(T0));
            }));
        }
        go.countDown();
        List<RunLock> won = new ArrayList<>();
        int refused = 0;
        for (Future<RunLock> f : tries) {
            try {
                won.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ConfigException.class);
                refused++;
            }
        }
        pool.shutdown();
        // closed only once all have tried, so no thread could win a folder freed by an earlier winner
        won.forEach(RunLock::close);
        assertThat(won).hasSize(1);
        assertThat(refused).isEqualTo(n - 1);
    }

    @Test
    void aLockLeftByADeadDriverOnThisHostIsTakenOverAtOnce() throws Exception {
        long dead = deadPid();
        RunLock.Holder killed = new RunLock.Holder("night1", RunLock.hostName(), dead, null, T0, T0);
        writeLock(killed);
        // one minute later: far from stale by age, yet its process is gone
        try (RunLock lock = take(self(), at(T0.plusSeconds(60)))) {
            assertThat(lock.tookOver()).contains(killed);
            assertThat(lockJson().path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(lockFile()).doesNotExist();
        assertThat(dir.resolve("out/night1")).isDirectoryNotContaining("glob:**.stale");
    }

    @Test
    void aReusedPidIsAnotherProcess() throws Exception {
        ProcessHandle me = ProcessHandle.current();
        Instant otherStart = me.info().startInstant().orElseThrow().minusSeconds(3600);
        writeLock(new RunLock.Holder("night1", RunLock.hostName(), me.pid(), otherStart, T0, T0));
        try (RunLock lock = take(self(), at(T0.plusSeconds(60)))) {
            assertThat(lock.tookOver()).isPresent();
        }
    }

    @Test
    void aLockFromAnotherHostIsStaleOnlyWithoutAHeartbeatForTheStaleAge() throws Exception {
        RunLock.Holder remote = new RunLock.Holder("night1", "elsewhere.example", deadPid(), null, T0, T0.plusSeconds(600));
        writeLock(remote);
        // its pid means nothing here: only its heartbeat counts, 10 min + 30 min
        assertThatThrownBy(() -> take(self(), at(T0.plus(Duration.ofMinutes(40)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("elsewhere.example");
        try (RunLock lock = take(self(), at(T0.plus(Duration.ofMinutes(41))))) {
            assertThat(lock.tookOver()).contains(remote);
        }
    }

    @Test
    void theHeartbeatMovesTheLocksTimeAndKeepsItFresh() throws IOException {
        Instant[] now = {T0};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        RunLock.Holder me = new RunLock.Holder("night1", "elsewhere.example", 1, null, T0, T0);
        try (RunLock lock = take(me, moving)) {
            now[0] = T0.plus(Duration.ofMinutes(25));
            lock.heartbeat();
            assertThat(lockJson().path("heartbeat").asText()).isEqualTo("2026-12-02T10:25:00Z");
            assertThat(lockJson().path("started").asText()).isEqualTo("2026-12-02T10:00:00Z");
            // 50 min after the start but 25 after the heartbeat: still held
            assertThatThrownBy(() -> take(self(), at(T0.plus(Duration.ofMinutes(50))))).isInstanceOf(ConfigException.class);
            try (var d = Files.list(lockFile().getParent())) {
                assertThat(d.map(p -> p.getFileName().toString()).filter(f -> !f.endsWith(".crc")).toList())
                        .as("the rewrite leaves no temporary file").containsExactly(RunLock.FILE);
            }
        }
    }

    @Test
    void anUnreadableLockCountsByItsFileAge() throws Exception {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), "{\"run_id\": \"nig");
        Files.setLastModifiedTime(lockFile(), java.nio.file.attribute.FileTime.from(T0));
        assertThatThrownBy(() -> take(self(), at(T0.plus(Duration.ofMinutes(5)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unreadable lock file");
        try (RunLock lock = take(self(), at(T0.plus(Duration.ofMinutes(31))))) {
            assertThat(lock.tookOver()).isPresent();
        }
    }

    @Test
    void aCloseAfterATakeoverLeavesTheNewOwnersLock() throws Exception {
        RunLock.Holder me = new RunLock.Holder("night1", "elsewhere.example", 1, null, T0, T0);
        RunLock stalled = take(me, at(T0));
        // the first driver stalled for an hour: a new run takes over; the old one must not delete that lock
        try (RunLock fresh = take(self(), at(T0.plus(Duration.ofMinutes(60))))) {
            stalled.close();
            assertThat(lockJson().path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void liveHolderSeesARunningRunAndNotADeadOne() throws Exception {
        try (RunLock lock = RunLock.acquire(runDir(), "night1", STALE, conf)) {
            assertThat(RunLock.liveHolder(runDir(), STALE, conf)).map(RunLock.Holder::pid)
                    .contains(ProcessHandle.current().pid());
        }
        assertThat(RunLock.liveHolder(runDir(), STALE, conf)).isEmpty();
        writeLock(new RunLock.Holder("night1", RunLock.hostName(), deadPid(), null, Instant.now(), Instant.now()));
        assertThat(RunLock.liveHolder(runDir(), STALE, conf)).isEmpty();
    }
}
