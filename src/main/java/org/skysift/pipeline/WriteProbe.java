package org.skysift.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether a folder can be created and written, found by doing it: a folder's permission bits say little
 * on object stores, HDFS with ACLs, read-only mounts or a full disk, while writing a file says it all.
 */
final class WriteProbe {
    /** Hidden (leading '.'), so a manifest or listing made meanwhile leaves it out. */
    static final String PREFIX = ".skysift-write-probe-";

    private WriteProbe() {}

    /** Null when the folder exists (created if needed) and took a file that was then deleted; else why not. */
    static String problem(Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        Path existing = dir;
        while (existing != null && !fs.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !fs.getFileStatus(existing).isDirectory()) {
            return existing + " is a file, not a folder";
        }
        if (existing == null || !existing.equals(dir)) {
            try {
                if (!fs.mkdirs(dir)) {
                    return "the folder cannot be created" + (existing == null ? "" : " in " + existing);
                }
            } catch (IOException e) {
                return "the folder cannot be created: " + reason(e);
            }
        }
        Path probe = new Path(dir, PREFIX + UUID.randomUUID());
        try (OutputStream out = fs.create(probe, false)) {
            out.write('\n');
        } catch (IOException e) {
            fs.delete(probe, false);
            return "a file cannot be written in it: " + reason(e);
        }
        if (!fs.delete(probe, false)) {
            return "a file written in it cannot be deleted: " + probe;
        }
        return null;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
