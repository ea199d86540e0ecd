package org.skysift.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible server on 127.0.0.1: S3Proxy (its jar-with-dependencies, which the cluster profile
 * copies to target/, system property skysift.s3proxy.jar) in its own JVM, keeping objects as files under
 * a folder (jclouds' filesystem backend) and checking AWS V2/V4 signatures against one identity. Started
 * and killed by PID through {@link ClusterProcesses}.
 */
final class S3Server {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final String endpoint;
    final String identity;
    final String secret;
    final Path blobs;
    private final Process process;

    private S3Server(String endpoint, String identity, String secret, Path blobs, Process process) {
        this.endpoint = endpoint;
        this.identity = identity;
        this.secret = secret;
        this.blobs = blobs;
        this.process = process;
    }

    static S3Server start(ClusterProcesses processes, Path dir, String identity, String secret) throws Exception {
        String jar = System.getProperty("skysift.s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("skysift.s3proxy.jar is not set or missing (" + jar
                    + "): run the store tests with `mvn -Pcluster verify`");
        }
        int port = freePort();
        String endpoint = "http://127.0.0.1:" + port;
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + identity,
                "s3proxy.credential=" + secret,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs, ""));
        Process p = processes.start("s3proxy", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", SparkHome.SHORT_JVM, "-jar", jar, "--properties", props.toString()), dir, Map.of());
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > end) {
                throw new IllegalStateException("S3Proxy did not start on " + endpoint + "; log: " + processes.log("s3proxy"));
            }
            Thread.sleep(100);
        }
        return new S3Server(endpoint, identity, secret, blobs, p);
    }

    /** A bucket: with the filesystem backend, a folder under the base folder. */
    String bucket(String name) {
        try {
            Files.createDirectories(blobs.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    long pid() {
        return process.pid();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
