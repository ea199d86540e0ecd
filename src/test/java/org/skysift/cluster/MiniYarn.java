package org.skysift.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A YARN ResourceManager and one NodeManager (Hadoop's MiniYARNCluster) in the test JVM on this host's
 * loopback name, with the local file system as the default file system, and the Hadoop configuration a
 * client needs written to a folder to give spark-submit as HADOOP_CONF_DIR. The NodeManager launches its
 * containers (the application master, the executors) as child processes of this JVM.
 */
final class MiniYarn implements AutoCloseable {
    /** What the NodeManager offers: an application master and two small executors fit, with room to spare. */
    static final int NODE_MEMORY_MB = 4096;
    static final int NODE_VCORES = 4;

    private final MiniYARNCluster cluster;
    private final Path confDir;
    private final YarnClient client;

    private MiniYarn(MiniYARNCluster cluster, Path confDir, YarnClient client) {
        this.cluster = cluster;
        this.confDir = confDir;
        this.client = client;
    }

    /** Starts the cluster (work folders under target/{@code name}: MiniYARNCluster fixes the target/ part) and writes its client config to {@code confDir}. */
    static MiniYarn start(String name, Path confDir) throws Exception {
        MiniYARNCluster cluster = new MiniYARNCluster(name, 1, 1, 1);
        cluster.init(configuration());
        cluster.start();
        if (!cluster.waitForNodeManagersToConnect(60_000)) {
            cluster.stop();
            throw new IllegalStateException("the NodeManager did not register with the ResourceManager in 60 s");
        }
        Configuration effective = cluster.getConfig();
        writeClientConfig(effective, confDir);
        YarnClient client = YarnClient.createYarnClient();
        client.init(effective);
        client.start();
        return new MiniYarn(cluster, confDir, client);
    }

    /**
     * The cluster's settings. Memory checks off: YARN would kill a JVM for its virtual size (which Java's
     * reserved heap and code cache exceed at once). A node nearly full of disk still counts as healthy. The
     * containers find Java through JAVA_HOME, which the NodeManager sets for them here as a real cluster's
     * yarn-env.sh does. One attempt per application: a failure shows at once, not after a rerun. One
     * capacity-scheduler queue, default, takes everything.
     */
    private static YarnConfiguration configuration() {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", "file:///");
        conf.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MEMORY_MB);
        conf.setInt(YarnConfiguration.NM_VCORES, NODE_VCORES);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.5f);
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
        conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        return conf;
    }

    /** yarn-site.xml with every effective setting (the ResourceManager's real ports), and core-site.xml. */
    private static void writeClientConfig(Configuration effective, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("yarn-site.xml"))) {
            effective.writeXml(out);
        }
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", "file:///");
        try (OutputStream out = Files.newOutputStream(dir.resolve("core-site.xml"))) {
            core.writeXml(out);
        }
    }

    /** The folder to give spark-submit as HADOOP_CONF_DIR (and YARN_CONF_DIR). */
    Path confDir() {
        return confDir;
    }

    /** The NodeManager's folder of container logs (application_*&#47;container_*&#47;stdout, stderr). */
    Path containerLogs() {
        return Path.of(cluster.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOG_DIRS).split(",")[0]);
    }

    Set<ApplicationId> applications() throws IOException, YarnException {
        return client.getApplications().stream().map(ApplicationReport::getApplicationId).collect(Collectors.toSet());
    }

    ApplicationReport report(ApplicationId id) throws IOException, YarnException {
        return client.getApplicationReport(id);
    }

    /**
     * Stops the YARN services, then kills by PID whatever container process outlived them (the
     * NodeManager normally ends its containers as it stops).
     */
    @Override
    public void close() {
        client.stop();
        String workDir = cluster.getTestWorkDir().getAbsolutePath();
        cluster.stop();
        List<ProcessHandle> left = ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().map(c -> c.contains(workDir)).orElse(false)).toList();
        for (ProcessHandle h : left) {
            System.out.println("cluster: killing container process " + h.pid() + " left after the NodeManager stopped");
            h.destroyForcibly();
        }
    }
}
