package org.skysift.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone Master and Workers on 127.0.0.1, each its own JVM started from the assembled
 * Spark home, with free ports and a work folder per Worker.
 */
final class StandaloneCluster {
    static final int WORKER_CORES = 1;
    static final String WORKER_MEMORY = "2g";

    private final SparkHome home;
    private final ClusterProcesses processes;
    private final Path dir;
    private final int masterPort = freePort();
    private final int masterUiPort = freePort();
    private final List<Process> workers = new ArrayList<>();

    StandaloneCluster(SparkHome home, ClusterProcesses processes, Path dir) {
        this.home = home;
        this.processes = processes;
        this.dir = dir;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Starts the Master and {@code n} Workers and waits until all n are ALIVE in the Master's JSON. */
    StandaloneCluster start(int n) throws InterruptedException {
        return start(java.util.Collections.nCopies(n, "127.0.0.1"));
    }

    /**
     * One Worker per entry, registered under that host name (all loopback): Spark never runs a speculative
     * copy on a host already running the task, so speculation needs Workers whose host names differ.
     */
    StandaloneCluster start(List<String> workerHosts) throws InterruptedException {
        int n = workerHosts.size();
        processes.start("master", home.java("256m", "org.apache.spark.deploy.master.Master", List.of(
                "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
                "--webui-port", Integer.toString(masterUiPort))), dir.resolve("master"), env());
        for (int i = 1; i <= n; i++) {
            Path work = dir.resolve("worker" + i);
            workers.add(processes.start("worker" + i, home.java("256m", "org.apache.spark.deploy.worker.Worker", List.of(
                    "--host", workerHosts.get(i - 1), "--cores", Integer.toString(WORKER_CORES), "--memory", WORKER_MEMORY,
                    "--webui-port", Integer.toString(freePort()), "--work-dir", work.resolve("work").toString(),
                    masterUrl())), work, env()));
        }
        awaitAliveWorkers(n, Duration.ofSeconds(90));
        return this;
    }

    List<Process> workers() {
        return workers;
    }

    /** Workers the Master lists as ALIVE. */
    int aliveWorkers() {
        int alive = 0;
        for (JsonNode w : masterState().path("workers")) {
            if ("ALIVE".equals(w.path("state").asText())) {
                alive++;
            }
        }
        return alive;
    }

    JsonNode masterState() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            return new ObjectMapper().createObjectNode(); // not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitAliveWorkers(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (aliveWorkers() < n) {
            for (Process w : workers) {
                if (!w.isAlive()) {
                    throw new IllegalStateException("a Worker exited (" + w.exitValue() + "); see its log under " + dir);
                }
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(n + " Workers did not register with " + masterUrl() + " in " + timeout
                        + "; master state: " + masterState());
            }
            Thread.sleep(250);
        }
    }

    /**
     * Workers build their executors' and drivers' commands from SPARK_HOME (jars/, conf/). Spark's command
     * builder also needs SPARK_SCALA_VERSION, which a distribution's bin/load-spark-env.sh sets: without it,
     * it looks for a source build's launcher/target/scala-* and fails with "Cannot find any build directories".
     */
    private Map<String, String> env() {
        return Map.of("SPARK_HOME", home.path().toString(), "SPARK_SCALA_VERSION", SparkHome.scalaBinary());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
