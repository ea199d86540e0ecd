package org.skysift.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every JVM a cluster test starts, each logging to its own file. {@link #killAll} (called from
 * {@code @AfterAll} and from a JVM shutdown hook, so a failed or interrupted test leaves nothing
 * behind) kills each one by its PID with its descendants: a Worker's executors and cluster-mode drivers
 * are its children.
 */
final class ClusterProcesses {
    private final List<Process> started = new ArrayList<>();
    private final Path logs;
    private final Thread hook = new Thread(this::killAll, "kill-cluster-processes");

    ClusterProcesses(Path logs) {
        this.logs = logs;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code command} in {@code dir} with stdout and stderr in logs/{@code name}.log. */
    synchronized Process start(String name, List<String> command, Path dir, Map<String, String> env) {
        try {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log(name).toFile());
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            pb.environment().putAll(env);
            Process p = pb.start();
            started.add(p);
            System.out.printf("cluster: started %s pid %d (log %s)%n", name, p.pid(), log(name));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    Path log(String name) {
        return logs.resolve(name + ".log");
    }

    String logText(String name) {
        try {
            return Files.readString(log(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL to the process's descendants (gathered first: they are reparented once it dies) and to it. */
    static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        for (ProcessHandle h : tree) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("cluster: pid " + h.pid() + " still alive after SIGKILL: " + e);
            }
        }
    }

    synchronized void killAll() {
        for (Process p : started) {
            kill(p);
        }
        started.clear();
    }

    /** killAll, and the hook is no longer needed. */
    void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
