package org.skysift.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.skysift.acquire.TileRequest;
import org.skysift.cli.SkySift;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.HadoopConf;
import org.skysift.pipeline.TileProcessor;
import org.skysift.pipeline.TileRow;
import org.skysift.pipeline.TileWork;
import org.skysift.sky.Tile;

/**
 * Runs fuzzed FITS files through (a) {@code skysift extract} in-process (exit 0 = a catalogue, exit 2 =
 * a clean refusal whose message names the file) and (b) the job's per-tile path, a
 * {@link TileProcessor} of a files-source config (validate, calibrate, extract, PSF, match, detect)
 * without Spark (an "ok" tile, or a failed one whose error is a project exception). Each file has a
 * time limit per path; one over it is a hang. Anything else (another exit code, another exception
 * type, an Error) is a crash. {@link #main} runs a whole corpus and prints the counts.
 */
public final class FitsFuzzHarness {
    enum Outcome { OK, REFUSED, CRASH, HANG }

    /** Exceptions that are the project's way of saying "this input is bad". */
    static final Set<String> CLEAN = Set.of("FitsFormatException", "WcsException", "CalibrationException",
            "ConfigException");

    /** The outcome of one path for one file; {@code detail} is the reason class or the crash. */
    record Result(Outcome outcome, String detail) {}

    /** Counts of a corpus run, and the first crashes and hangs for the report. */
    static final class Tally {
        final Map<String, Integer> cli = new TreeMap<>();
        final Map<String, Integer> job = new TreeMap<>();
        final Map<String, Integer> reasons = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        int files;
        long cliNanos, jobNanos;

        int count(Map<String, Integer> m, Outcome o) {
            return m.getOrDefault(o.name(), 0);
        }

        int bad() {
            return count(cli, Outcome.CRASH) + count(cli, Outcome.HANG) + count(job, Outcome.CRASH)
                    + count(job, Outcome.HANG);
        }

        String summary() {
            StringBuilder s = new StringBuilder();
            s.append("files ").append(files).append(String.format(" (extract %.1f ms/file, job %.1f ms/file)%n",
                    cliNanos / 1e6 / Math.max(1, files), jobNanos / 1e6 / Math.max(1, files)));
            s.append("skysift extract: ").append(cli).append('\n');
            s.append("job tile path:   ").append(job).append('\n');
            s.append("refusals by path/stage/class:\n");
            reasons.forEach((k, v) -> s.append(String.format("  %6d  %s%n", v, k)));
            failures.stream().limit(40).forEach(f -> s.append("FAIL ").append(f).append('\n'));
            return s.toString();
        }
    }

    private final Path dir;
    private final long timeoutMs;
    private final TileProcessor processor;
    private ExecutorService worker = newWorker();

    /**
     * @param dir       scratch folder for the files (each file is written there, run, then deleted)
     * @param timeoutMs time limit of one path on one file
     */
    FitsFuzzHarness(Path dir, long timeoutMs) throws IOException {
        this.dir = dir;
        this.timeoutMs = timeoutMs;
        Path ref = dir.resolve("reference.csv");
        // stars in every seed's field, so that matching and detection (sky to pixel through each WCS,
        // the DSS plate solution's inverse included) run on the fuzzed headers too
        StringBuilder csv = new StringBuilder("id,ra,dec,mag\n");
        double[][] fields = {{30, 10}, {266.4, -29}, {98.2, 53.75}, {210.95, 54.25}, {217.48, -62.69}};
        for (double[] c : fields) {
            for (int k = 0; k < 9; k++) {
                csv.append(String.format(java.util.Locale.ROOT, "S%d,%.5f,%.5f,%.1f%n", csv.length(),
                        c[0] + (k % 3 - 1) * 0.01, c[1] + (k / 3 - 1) * 0.01, 14 + k * 0.5));
            }
        }
        Files.writeString(ref, csv);
        SkySiftConfig cfg = ConfigLoader.fromYamlString("""
                targets: {path: unused.csv}
                image: {source: files, path: "%s"}
                reference: {kind: files, path: "%s"}
                %s
                """.formatted(dir.toUri(), ref.toUri(), org.skysift.testing.TestConfigs.NO_REPORTS));
        processor = new TileProcessor(cfg, new HadoopConf(new Configuration()), null, dir.toUri().toString(), null);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fits-fuzz");
            t.setDaemon(true); // a hung file's thread must not keep the JVM alive
            return t;
        });
    }

    /** Runs mutants [from, to) of the mutator and adds them to the tally. */
    void run(FitsMutator mutator, int from, int to, Tally tally) throws IOException {
        for (int i = from; i < to; i++) {
            FitsMutator.Mutant m = mutator.mutant(i);
            Path f = dir.resolve(m.name() + ".fits");
            Files.write(f, m.bytes());
            long t0 = System.nanoTime();
            Result a = bounded(() -> cli(f, m.hdu()));
            long t1 = System.nanoTime();
            Result b = bounded(() -> job(f));
            tally.cliNanos += t1 - t0;
            tally.jobNanos += System.nanoTime() - t1;
            Files.deleteIfExists(f);
            tally.files++;
            tally.cli.merge(a.outcome().name(), 1, Integer::sum);
            if (a.outcome() == Outcome.REFUSED) {
                tally.reasons.merge("extract " + a.detail(), 1, Integer::sum);
            }
            if (b != null) {
                tally.job.merge(b.outcome().name(), 1, Integer::sum);
                if (b.outcome() == Outcome.REFUSED) {
                    tally.reasons.merge("job " + b.detail(), 1, Integer::sum);
                }
            }
            for (Result r : b == null ? List.of(a) : List.of(a, b)) {
                if (r.outcome() == Outcome.CRASH || r.outcome() == Outcome.HANG) {
                    tally.failures.add(m.name() + " [" + m.mutations() + "] " + (r == a ? "extract" : "job") + " "
                            + r.outcome() + ": " + r.detail());
                }
            }
        }
    }

    private Result bounded(java.util.concurrent.Callable<Result> path) {
        Future<Result> f = worker.submit(path);
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return new Result(Outcome.HANG, "over " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            return new Result(Outcome.CRASH, describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.HANG, "interrupted");
        }
    }

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    /** skysift extract --image f [--hdu n] --out f.csv, in this JVM, its stderr kept. */
    private Result cli(Path f, int hdu) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err, oldOut = System.out;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(NOWHERE);
            code = SkySift.execute("extract", "--image", f.toString(), "--hdu", Integer.toString(hdu), "--out",
                    dir.resolve("out.csv").toString(), "--set", "extract.starnnw_name=none");
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        String first = text.lines().filter(l -> l.startsWith("skysift: ")).findFirst().orElse("");
        if (code == SkySift.OK) {
            return new Result(Outcome.OK, "");
        }
        if (code == SkySift.BAD_INPUT && first.contains(f.getFileName().toString()) && !text.contains("\tat ")) {
            return new Result(Outcome.REFUSED, "exit 2 " + reason(first));
        }
        return new Result(Outcome.CRASH, "exit " + code + ": " + text.lines().limit(4).reduce("", (x, y) -> x + " | " + y));
    }

    /** The tile of a files-source run whose listed image is f, as an executor processes it. */
    private Result job(Path f) {
        TileRow row = processor.process(new TileWork(new TileRequest(new Tile(7, 30.0, 10.0, 6, 6),
                f.toUri().toString()), 1)).tile();
        if ("ok".equals(row.status())) {
            return new Result(Outcome.OK, "");
        }
        if (CLEAN.contains(row.errorClass()) && row.errorMessage() != null && !row.errorMessage().isBlank()) {
            return new Result(Outcome.REFUSED, row.errorStage() + " " + row.errorClass());
        }
        return new Result(Outcome.CRASH, row.errorStage() + " " + row.errorClass() + ": " + row.errorMessage());
    }

    /** The gist of a refusal message: its text with the file name and numbers taken out, cut short. */
    private static String reason(String line) {
        String s = line.replaceAll("\\S*\\.fits(\\[\\d+])?:?", "<file>").replaceAll("-?\\d[\\d.eE+-]*", "#");
        return s.length() > 90 ? s.substring(0, 90) : s;
    }

    private static String describe(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return t + (st.length > 0 ? " at " + st[0] : "");
    }

    /** Usage: FitsFuzzHarness [files=10000] [seed=1] [timeoutMs=20000] [sharedData=../shared/data] [size=200]. */
    public static void main(String[] args) throws IOException {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        long timeout = args.length > 2 ? Long.parseLong(args[2]) : 20_000;
        Path shared = Path.of(args.length > 3 ? args[3] : "../shared/data");
        int size = args.length > 4 ? Integer.parseInt(args[4]) : FitsSeeds.SIZE;
        Tally tally = corpus(files, seed, timeout, shared, size);
        System.out.print(tally.summary());
        System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        System.exit(tally.bad() == 0 ? 0 : 1);
    }

    /** @param size side of the synthetic seed plates (and of the M101 crop) */
    static Tally corpus(int files, long seed, long timeoutMs, Path shared, int size) throws IOException {
        Path dir = Files.createTempDirectory("fits-fuzz");
        SkySiftConfig cfg = ConfigLoader.fromYamlString("{}");
        List<FitsSeeds.Seed> seeds = FitsSeeds.all(cfg, shared, size);
        Tally tally = new Tally();
        new FitsFuzzHarness(dir, timeoutMs).run(new FitsMutator(seeds, seed), 0, files, tally);
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
        return tally;
    }
}
