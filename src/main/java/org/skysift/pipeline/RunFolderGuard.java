package org.skysift.pipeline;

import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.resume.RunLock;

/**
 * What every writer of a run folder does first, a whole run or one step of it: the folders the config writes
 * take a probe file ({@link Preflight}, exit 2 naming the key otherwise), then the folder's lock is taken (a
 * live run of the same run id is exit 2), so a step can neither start on a disk it cannot write nor mix
 * its outputs with a running run's.
 */
final class RunFolderGuard {
    private RunFolderGuard() {}

    /** Checks the config (qualified) and takes the run folder's lock; close it when the writing ends. */
    static RunLock enter(SkySiftConfig config, String runDir, String runId, Configuration hconf, PrintStream console) {
        Preflight.check(config, hconf);
        RunLock lock = RunLock.acquire(runDir, runId, SurveyJob.lockStaleAfter(config), hconf);
        lock.tookOver().ifPresent(h -> console.println("skysift: took over the lock of " + h.describe()
                + ": that driver is gone"));
        return lock;
    }
}
