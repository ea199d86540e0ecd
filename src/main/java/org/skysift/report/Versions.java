package org.skysift.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.skysift.config.ConfigLoader;

/**
 * What a run was built and run with: SkySift's own version (filtered skysift.properties), the commit
 * it was built from (skysift-git.properties, written by git-commit-id-maven-plugin when the build had a
 * .git folder), and the Spark, Scala, Java, Hadoop and OS versions of the running JVM.
 */
public final class Versions {
    private Versions() {}

    public static String skysift() {
        return resource("/skysift.properties").getProperty("version", "unknown");
    }

    /** The full commit id the jar was built from, or null for a build outside a git checkout. */
    public static String gitCommit() {
        return resource("/skysift-git.properties").getProperty("git.commit.id.full");
    }

    /** The versions block of manifest.json; sparkVersion comes from the session (SparkSession.version()). */
    public static ObjectNode json(String sparkVersion) {
        ObjectNode v = ConfigLoader.json().createObjectNode();
        v.put("skysift", skysift());
        Properties git = resource("/skysift-git.properties");
        ObjectNode g = v.putObject("git");
        g.put("commit", git.getProperty("git.commit.id.full"));
        g.put("commit_time", git.getProperty("git.commit.time"));
        // true: the build had uncommitted changes, so the commit alone does not give its source
        String dirty = git.getProperty("git.dirty");
        if (dirty == null) {
            g.putNull("dirty");
        } else {
            g.put("dirty", Boolean.parseBoolean(dirty));
        }
        v.put("spark", sparkVersion);
        v.put("scala", scala.util.Properties.versionNumberString());
        ObjectNode java = v.putObject("java");
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        v.put("hadoop", org.apache.hadoop.util.VersionInfo.getVersion());
        ObjectNode os = v.putObject("os");
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        return v;
    }

    private static Properties resource(String name) {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream(name)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is reported as unknown versions, never a failed run
        }
        return p;
    }
}
