package org.skysift.cli;

import java.io.PrintWriter;
import org.skysift.config.ConfigException;
import org.skysift.io.NioLocalFileSystem;
import org.skysift.report.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The skysift command. Exit codes: 0 success, 2 bad config or input, 1 infrastructure failure. */
@Command(name = "skysift", mixinStandardHelpOptions = true, versionProvider = SkySift.Version.class,
        description = "Sweeps the sky for vanishing sources with Apache Spark.",
        subcommands = {RunCommand.class, PlanCommand.class, SynthCommand.class, ExtractCommand.class, BenchCommand.class,
                XmatchCommand.class, StackCommand.class, DiffCommand.class, StatusCommand.class, PackageCommand.class,
                VerifyCommand.class,
                CommandLine.HelpCommand.class})
public final class SkySift implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (localMaster(args, System.getProperty("spark.master"))) {
            // one JVM does all the file work: java.nio permissions instead of a chmod/ls child process per file
            NioLocalFileSystem.register();
        }
        int code = execute(args);
        // A YARN cluster-mode driver runs inside the ApplicationMaster, which takes any System.exit, even
        // exit(0), for an early exit: it marks the attempt FAILED (exit code 16) and runs the job again.
        // There a finished run returns; a failed one still exits with its code.
        if (code != 0 || System.getProperty("spark.yarn.app.id") == null) {
            System.exit(code);
        }
    }

    /**
     * Whether this invocation's Spark master (--master, else spark-submit's spark.master, else local[*]) runs
     * in this JVM: only then is every file system user this JVM, which has skysift's classes.
     */
    static boolean localMaster(String[] args, String sparkMaster) {
        String master = sparkMaster;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--master") && i + 1 < args.length) {
                master = args[i + 1];
            } else if (args[i].startsWith("--master=")) {
                master = args[i].substring("--master=".length());
            }
        }
        return master == null || master.equals("local") || master.startsWith("local[");
    }

    /** Runs the CLI without exiting the JVM (for tests and embedding). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SkySift());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable root = configCause(ex);
            if (root != null) {
                cmd.getErr().println("skysift: " + root.getMessage());
                return BAD_INPUT;
            }
            String storage = StorageFault.describe(ex);
            if (storage != null) {
                cmd.getErr().println("skysift: failed: " + storage);
                return FAILED;
            }
            cmd.getErr().println("skysift: failed: " + ex);
            ex.printStackTrace(cmd.getErr());
            return FAILED;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("skysift: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return BAD_INPUT;
        });
        return cl.execute(args);
    }

    /** The ConfigException behind an error, also when Spark wrapped it on the way back from an executor. */
    static Throwable configCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"skysift " + Versions.skysift()};
        }
    }
}
