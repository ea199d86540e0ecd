package org.skysift.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.skysift.report.RunCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks a run folder or package against its manifest.json.",
                "Recomputes every checksum in manifest.json (for a .zip: of its entries, and the zip against its "
                        + ".sha256 when there is one). Exit 0: all match; 1: something differs, is missing or is not "
                        + "in the manifest (the first such file in path order is named); 2: not a run, or unreadable."})
final class VerifyCommand implements Callable<Integer> {
    private static final int LISTED = 20;

    @Parameters(paramLabel = "RUN_DIR|ZIP", description = "A run folder or a package made by skysift package")
    String location;

    @Override
    public Integer call() {
        RunCheck.Report r;
        try {
            r = RunCheck.check(new Configuration(), location);
        } catch (RunCheck.NotARunException | IOException e) {
            System.err.println("skysift verify: " + e.getMessage());
            return SkySift.BAD_INPUT;
        }
        PrintStream out = System.out;
        if (r.ok()) {
            out.printf("skysift verify: OK: %s: %d files match %s%s%n", r.runId(), r.checked(), "manifest.json",
                    r.sha256File() == null ? "" : "; the zip matches " + r.sha256File());
            return SkySift.OK;
        }
        out.printf("skysift verify: FAILED: %s (%s)%n", r.runId(), location);
        if (r.packageProblem() != null) {
            out.println("  package: " + r.packageProblem());
        }
        TreeMap<String, String> problems = new TreeMap<>();
        r.differs().forEach(d -> problems.put(d.path(), "differs: " + d.why()));
        r.missing().forEach(p -> problems.put(p, "missing"));
        r.extra().forEach(p -> problems.put(p, "not in the manifest"));
        if (!problems.isEmpty()) {
            var first = problems.firstEntry();
            out.printf("  first difference: %s: %s%n", first.getKey(), first.getValue());
        }
        list(out, "differ", r.differs().stream().map(RunCheck.Difference::path).toList());
        list(out, "missing", r.missing());
        list(out, "not in the manifest", r.extra());
        return SkySift.FAILED;
    }

    private static void list(PrintStream out, String what, List<String> paths) {
        if (paths.isEmpty()) {
            return;
        }
        out.printf("  %s (%d):%n", what, paths.size());
        paths.stream().limit(LISTED).forEach(p -> out.println("    " + p));
        if (paths.size() > LISTED) {
            out.printf("    ... and %d more%n", paths.size() - LISTED);
        }
    }
}
