package org.skysift.submit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real bash launchers of submit/ from the project root and splits their printed commands (public:
 * the cluster tests run a launcher's dry-run command for real).
 */
public final class Scripts {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    private Scripts() {}

    public record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\n"));
        }

        /** The words of the one printed line that starts with {@code program}, as a shell would split them. */
        public List<String> command(String program) {
            List<String> found = new ArrayList<>();
            for (String line : lines()) {
                List<String> w = words(line);
                if (!w.isEmpty() && w.get(0).equals(program)) {
                    if (!found.isEmpty()) {
                        throw new AssertionError("two " + program + " lines in:\n" + out);
                    }
                    found = w;
                }
            }
            if (found.isEmpty()) {
                throw new AssertionError("no " + program + " line in:\n" + out + "\nstderr:\n" + err);
            }
            return found;
        }
    }

    /** Runs {@code submit/<script>} with the given arguments; extra env entries are set, null values removed. */
    static Result run(String script, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("submit").resolve(script).toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, env);
    }

    public static Result run(String script, String... args) {
        return run(script, Map.of(), args);
    }

    static Result exec(List<String> cmd, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        // a Spark install on the test machine must not change which jar the scripts pick
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("SPARK_MASTER_URL");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Splits one printed command line into words with bash itself (eval), so the quoting is checked too. */
    static List<String> words(String line) {
        Result r = exec(List.of("bash", "-c", "eval \"set -- $1\" && printf '%s\\0' \"$@\"", "words", line), Map.of());
        if (r.exit() != 0) {
            throw new AssertionError("bash cannot parse: " + line + "\n" + r.err());
        }
        String out = r.out();
        if (out.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1));
    }
}
