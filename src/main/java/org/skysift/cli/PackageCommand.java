package org.skysift.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.skysift.report.RunCheck;
import org.skysift.report.RunPackage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "package", mixinStandardHelpOptions = true,
        description = {"Packs a run folder into <run_id>.zip and <run_id>.zip.sha256.",
                "Entries are <run_id>/<path>, in path order, stamped with the manifest's time: the same folder gives "
                        + "the same bytes. The .sha256 file is in sha256sum's format (sha256sum -c accepts it)."})
final class PackageCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "The run folder (a path or a Hadoop URI: file:, hdfs:, ...)")
    String runDir;

    @Option(names = "--output", paramLabel = "DIR", description = "Where the zip goes (default: the run folder's parent)")
    String output;

    @Override
    public Integer call() {
        return pack(runDir, output, new Configuration());
    }

    /** Packs the run folder (also run --from package); exit 2 when it is not a finished run. */
    static int pack(String runDir, String output, Configuration conf) {
        try {
            RunPackage.Result r = RunPackage.write(conf, runDir, output);
            System.out.printf("skysift: packed %d files into %s%n", r.entries(), r.zip());
            System.out.printf("  sha256: %s  (%s)%n", r.sha256(), r.sha256File());
            return SkySift.OK;
        } catch (RunCheck.NotARunException e) {
            System.err.println("skysift package: " + e.getMessage());
            return SkySift.BAD_INPUT;
        }
    }
}
