package org.skysift.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the job's SparkSession: spark-submit's master when there is one, else local[*] on loopback. */
final class SparkSessions {
    private SparkSessions() {}

    static SparkSession create(String master) {
        SparkConf conf = new SparkConf();
        String m = master != null ? master : conf.get("spark.master", "local[*]");
        SparkSession.Builder b = SparkSession.builder().appName("skysift").master(m)
                // the tiles table is wide; keep Spark from warning about truncated plan strings
                .config("spark.sql.debug.maxToStringFields", "200");
        if (!conf.contains("spark.executor.heartbeatInterval")) {
            // heartbeats carry running tasks' tile counters to the driver: a 2 s beat moves the progress per tile
            b.config("spark.executor.heartbeatInterval", "2s");
        }
        if (!conf.contains("spark.sql.sources.parallelPartitionDiscovery.parallelism")) {
            // reading a table of more than 32 folders (the sources' sky regions) lists them in a Spark job of one task
            // per folder by default (up to 10,000): 553 tasks, 3.6 s on a 400-tile run; a few tasks list as fast
            b.config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "16");
        }
        if (m.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "8");
        }
        return b.getOrCreate();
    }
}
