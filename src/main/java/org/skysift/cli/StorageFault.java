package org.skysift.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run that died because a location it writes filled up or turned read-only: one line naming the file and
 * the system's reason, instead of a Spark stack trace that hides both. Any tile's own cache failure is a
 * failed tile, not this; this is the output (checkpoints, tables, summary, report) failing under the run.
 */
final class StorageFault {
    private static final List<String> REASONS = List.of("No space left on device", "Read-only file system",
            "Disk quota exceeded");
    private static final Pattern URI = Pattern.compile("\\b(?:file|hdfs|s3a|gs|abfss?|wasbs?|viewfs):/[^\\s,;)]*");

    private StorageFault() {}

    /** The line to print, or null when the error is not a storage fault. */
    static String describe(Throwable error) {
        String reason = null;
        String where = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            for (String r : REASONS) {
                if (reason == null && m.contains(r)) {
                    reason = r;
                }
            }
            Matcher u = URI.matcher(m);
            if (where == null && u.find()) {
                where = u.group().replaceAll("[.:]+$", "");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (reason == null) {
            return null;
        }
        return "cannot write " + (where == null ? "the run's output" : where) + ": " + reason + ". The run stopped before"
                + " its manifest.json, so its folder does not pass for a finished run. Free space (or make the folder"
                + " writable) and run the same run id again: tiles already finished are read back, not redone";
    }
}
