package org.skysift.pipeline.progress;

import org.apache.spark.SparkContext;

/**
 * Puts the calling thread's Spark jobs in one group for a run and gives the thread back its former
 * group and description afterwards (an embedding application or a test JVM runs other jobs on it).
 */
public final class JobGroup implements AutoCloseable {
    private static final String[] KEYS = {"spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"};

    private final SparkContext sc;
    private final String[] saved = new String[KEYS.length];

    private JobGroup(SparkContext sc) {
        this.sc = sc;
        for (int i = 0; i < KEYS.length; i++) {
            saved[i] = sc.getLocalProperty(KEYS[i]);
        }
    }

    public static JobGroup enter(SparkContext sc, String id, String description) {
        JobGroup g = new JobGroup(sc);
        sc.setJobGroup(id, description, false);
        return g;
    }

    @Override
    public void close() {
        for (int i = 0; i < KEYS.length; i++) {
            sc.setLocalProperty(KEYS[i], saved[i]);
        }
    }
}
