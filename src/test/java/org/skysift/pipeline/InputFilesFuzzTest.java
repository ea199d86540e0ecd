package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.catalog.FilesReferenceCatalog;
import org.skysift.catalog.RefStar;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;

/**
 * Seeded random mutations of the project's YAML configs (conf/), of a targets CSV, an image list and a
 * reference CSV (sample-data/), read by the same code the job uses (ConfigLoader, TargetReader's CSV
 * core, ImageList, FilesReferenceCatalog): each mutant is accepted, with every accepted row a finite
 * position on the sky, or refused with a ConfigException whose message names the file (or, for a
 * config, the file or the key). Any other exception is a failure of the reader.
 */
@Tag("plain")
class InputFilesFuzzTest {
    private static final int PER_SEED = 250;
    private static final String[] CELLS = {"", " ", "NaN", "Infinity", "-Infinity", "1e400", "-0", "360", "359.9999999",
            "-90.0000001", "90", "12:30:00", "12:61:00", "+-5", "\"1,5\"", "\"unterminated", "abc", "0x1F", "1e-400",
            "\u0663", "\u0000", "24:00:00", "-00:00:01", "1 2 3 4", "\uFEFF10", "9223372036854775808", "--1", "١٢", "+"};
    private static final String[] VALUES = {"", "null", "[]", "{}", "-1", "1e309", "NaN", ".nan", ".inf", "-.inf", "abc",
            "'", "\"", "&a", "*a", "!!binary x", "true", "0x10", "~", "{a: [", "99999999999999999999999", "- item", "[1, 2",
            "2147483648", "-0.0", "'../../etc'", "\t", "\u00e9", "1_000", "0o17", "!!int x"};

    @TempDir
    Path dir;

    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    @Test
    void mutatedConfigsLoadOrAreRefusedNamingFileOrKey() throws IOException {
        int n = 0;
        try (var files = Files.list(Path.of("conf"))) {
            for (Path seed : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                List<String> lines = Files.readAllLines(seed);
                for (int i = 0; i < PER_SEED; i++, n++) {
                    Path f = dir.resolve("c" + n + "-" + seed.getFileName());
                    Random rng = new Random(n);
                    Files.write(f, mutateYaml(lines, rng));
                    check("config", f, () -> ConfigLoader.load(f, List.of()), e -> e.getMessage().contains(f.toString())
                            || e.getMessage().contains("config key") || e.getMessage().matches("(?s).*[a-z_]+\\.[a-z_]+.*"));
                }
            }
        }
        report(n);
    }

    @Test
    void mutatedTargetsImageListsAndReferenceCsvsGiveFiniteRowsOrANamedRefusal() throws IOException {
        Configuration conf = new Configuration();
        int n = 0;
        for (String seed : List.of("targets.csv", "images.csv", "reference.csv")) {
            List<String> lines = Files.readAllLines(Path.of("sample-data", seed));
            for (int i = 0; i < PER_SEED * 2; i++, n++) {
                Path f = dir.resolve("t" + n + "-" + seed);
                Files.write(f, mutateCsv(lines, new Random(1000 + n)));
                String uri = f.toUri().toString();
                switch (seed) {
                    case "targets.csv" -> check("targets", f, () -> {
                        SkySiftConfig c = ConfigLoader.fromYamlString("targets: {kind: csv, path: \"" + uri + "\"}");
                        for (TargetRow t : TargetReader.csvRows(c, conf, new InputProblems())) {
                            onSky(t.ra(), t.dec(), f);
                        }
                    }, e -> e.getMessage().contains(uri));
                    case "images.csv" -> check("image list", f, () -> {
                        for (ImageList.Entry e : ImageList.read(uri, 60, 6, conf, new InputProblems())) {
                            onSky(e.target().ra(), e.target().dec(), f);
                        }
                    }, e -> e.getMessage().contains(uri));
                    default -> check("reference", f, () -> {
                        for (RefStar s : FilesReferenceCatalog.open(uri, conf).cone(0, 0, 180)) {
                            onSky(s.ra(), s.dec(), f);
                        }
                    }, e -> e.getMessage().contains(uri));
                }
            }
        }
        report(n);
    }

    /**
     * End to end through the CLI: {@code skysift extract --config <mutant>} on a small synthetic plate
     * exits 0 or 2 (a bad config), never 1, and never prints a stack trace.
     */
    @Test
    void theCliExitsZeroOrTwoOnMutatedConfigsWithoutAStackTrace() throws IOException {
        SkySiftConfig cfg = ConfigLoader.fromYamlString("{}");
        double arcmin = 100 * cfg.image().pixelScaleArcsec() / 60;
        Path image = dir.resolve("plate.fits");
        Files.write(image, org.skysift.synth.SyntheticRenderer.render(new org.skysift.sky.Tile(1, 30, 10, arcmin, arcmin),
                Stages.sky(cfg)).fits());
        List<String> lines = Files.readAllLines(Path.of("conf", "local.yaml"));
        Map<Integer, Integer> codes = new TreeMap<>();
        for (int i = 0; i < 8; i++) {
            Path f = dir.resolve("cli" + i + ".yaml");
            Files.write(f, mutateYaml(lines, new Random(5000 + i)));
            var err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream old = System.err;
            int code;
            try {
                System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
                code = org.skysift.cli.SkySift.execute("extract", "--config", f.toString(), "--image", image.toString(),
                        "--out", dir.resolve("cli" + i + ".csv").toString(), "--set", "extract.starnnw_name=none");
            } finally {
                System.setErr(old);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            codes.merge(code, 1, Integer::sum);
            assertThat(code).as(f + ": " + text).isIn(0, 2);
            assertThat(text).as(f.toString()).doesNotContain("\tat ");
            if (code == 2) {
                assertThat(text).as(f.toString()).startsWith("skysift: ");
            }
        }
        System.out.println("skysift extract --config <mutated local.yaml>, exit codes: " + codes);
        assertThat(codes).containsKeys(0, 2); // some mutants still load, some are refused
    }

    private static void onSky(double ra, double dec, Path f) {
        if (!(ra >= 0 && ra < 360 && dec >= -90 && dec <= 90)) {
            throw new AssertionError(f + ": accepted a row at ra " + ra + ", dec " + dec);
        }
    }

    private void check(String what, Path f, ThrowingRun run, java.util.function.Predicate<ConfigException> named) {
        try {
            run.run();
            outcomes.merge(what + " accepted", 1, Integer::sum);
        } catch (ConfigException e) {
            if (e.getMessage() != null && named.test(e)) {
                outcomes.merge(what + " refused", 1, Integer::sum);
            } else {
                outcomes.merge(what + " UNNAMED", 1, Integer::sum);
                failures.add(f + ": refusal without the file or key: " + e.getMessage());
            }
        } catch (Throwable t) {
            outcomes.merge(what + " CRASH", 1, Integer::sum);
            StackTraceElement[] st = t.getStackTrace();
            failures.add(f + ": " + t + (st.length > 0 ? " at " + st[0] : "") + "\n" + snippet(f));
        }
    }

    private static String snippet(Path f) {
        try {
            String s = Files.readString(f, StandardCharsets.ISO_8859_1);
            return s.length() > 400 ? s.substring(0, 400) : s;
        } catch (IOException e) {
            return "";
        }
    }

    private void report(int n) {
        System.out.println("input fuzzing, " + n + " files: " + outcomes);
        failures.stream().limit(20).forEach(System.out::println);
        assertThat(failures).isEmpty();
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
    }

    interface ThrowingRun {
        void run() throws Exception;
    }

    static byte[] mutateYaml(List<String> seed, Random rng) {
        List<String> lines = new ArrayList<>(seed);
        int ops = 1 + rng.nextInt(3);
        for (int k = 0; k < ops && !lines.isEmpty(); k++) {
            int i = rng.nextInt(lines.size());
            String l = lines.get(i);
            switch (rng.nextInt(9)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, l);
                case 2 -> lines.set(i, rng.nextBoolean() ? "  " + l : l.replaceFirst("^ {1,2}", ""));
                case 3 -> {
                    int colon = l.indexOf(':');
                    if (colon > 0) {
                        lines.set(i, l.substring(0, colon + 1) + " " + VALUES[rng.nextInt(VALUES.length)]);
                    }
                }
                case 4 -> lines.set(i, l.replaceFirst("([a-z])", "$1$1")); // a misspelt key
                case 5 -> lines.set(i, l.isEmpty() ? "\t" : l.substring(0, rng.nextInt(l.length())));
                case 6 -> lines.add(i, "extra_key_" + rng.nextInt(3) + ": " + VALUES[rng.nextInt(VALUES.length)]);
                case 7 -> java.util.Collections.swap(lines, i, rng.nextInt(lines.size()));
                default -> {
                    char[] c = l.toCharArray();
                    if (c.length > 0) {
                        c[rng.nextInt(c.length)] = (char) (rng.nextBoolean() ? rng.nextInt(32) : 0x80 + rng.nextInt(0x780));
                        lines.set(i, new String(c));
                    }
                }
            }
        }
        byte[] b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        if (rng.nextInt(10) == 0 && b.length > 0) {
            b[rng.nextInt(b.length)] = (byte) (0x80 + rng.nextInt(128)); // not UTF-8
        }
        return b;
    }

    static byte[] mutateCsv(List<String> seed, Random rng) {
        List<String> lines = new ArrayList<>(seed);
        int ops = 1 + rng.nextInt(4);
        for (int k = 0; k < ops; k++) {
            if (lines.isEmpty()) {
                break;
            }
            int i = rng.nextInt(lines.size());
            List<String> cells = new ArrayList<>(Arrays.asList(lines.get(i).split(",", -1)));
            switch (rng.nextInt(10)) {
                case 0, 1, 2 -> {
                    cells.set(rng.nextInt(cells.size()), CELLS[rng.nextInt(CELLS.length)]);
                    lines.set(i, String.join(",", cells));
                }
                case 3 -> lines.remove(i);
                case 4 -> lines.add(i, lines.get(i));
                case 5 -> {
                    cells.remove(rng.nextInt(cells.size()));
                    lines.set(i, String.join(",", cells));
                }
                case 6 -> lines.set(i, lines.get(i) + "," + CELLS[rng.nextInt(CELLS.length)]);
                case 7 -> lines.set(i, lines.get(i).replace(',', rng.nextBoolean() ? '\t' : ';'));
                case 8 -> lines.set(i, "x".repeat(rng.nextInt(3) == 0 ? 100_000 : 10) + lines.get(i));
                default -> lines.set(i, lines.get(i).substring(0, rng.nextInt(lines.get(i).length() + 1)));
            }
        }
        String text = String.join(rng.nextInt(5) == 0 ? "\r\n" : "\n", lines);
        if (rng.nextInt(10) == 0) {
            text = "\uFEFF" + text;
        }
        return text.getBytes(rng.nextInt(10) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
}
