package org.skysift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.skysift.io.HadoopFiles;
import org.skysift.pipeline.progress.ProgressState;
import org.skysift.pipeline.progress.RunJson;
import org.skysift.pipeline.progress.RunStatus;
import org.skysift.pipeline.progress.RunWatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows how a run is doing, or how it ended, from its run folder alone (works from any machine "
                + "that sees the folder).", "Exit 0 running or finished, 1 failed or probably dead, 2 not a run folder."})
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "The run folder: a path or a Hadoop URI (file:/..., hdfs://...)")
    String runDir;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        String dir = HadoopFiles.qualify(runDir).replaceAll("/+$", "");
        Configuration conf = new Configuration();
        Path p = new Path(dir);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p) || !fs.getFileStatus(p).isDirectory()) {
            System.err.println("skysift: status: no such folder: " + dir);
            return SkySift.BAD_INPUT;
        }
        Optional<JsonNode> progress = read(conf, dir + "/" + RunWatch.PROGRESS_FILE);
        Optional<JsonNode> summary = read(conf, dir + "/summary.json");
        if (progress.isEmpty() && summary.isEmpty()) {
            System.err.println("skysift: status: " + dir + " is not a SkySift run folder (it has no "
                    + RunWatch.PROGRESS_FILE + " and no summary.json); give the folder <output>/<run_id>");
            return SkySift.BAD_INPUT;
        }
        ProgressState state;
        try {
            state = progress.map(j -> ProgressState.fromJson(j, dir + "/" + RunWatch.PROGRESS_FILE)).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new org.skysift.config.ConfigException(e.getMessage(), e);
        }
        RunStatus.Report report = RunStatus.of(dir, state, summary.orElse(null), clock.instant());
        report.lines().forEach(System.out::println);
        return report.ok() ? SkySift.OK : SkySift.FAILED;
    }

    private static Optional<JsonNode> read(Configuration conf, String uri) {
        try {
            return RunJson.readJson(conf, uri);
        } catch (IOException e) {
            throw new org.skysift.config.ConfigException(e.getMessage());
        }
    }
}
