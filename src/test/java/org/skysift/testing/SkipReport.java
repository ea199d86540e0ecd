package org.skysift.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The skipped tests in surefire/failsafe XML reports, against an allow-list: CI (.ci/check-skips) fails
 * when a test skipped that the list does not name, so "green" never hides a test that did not run.
 * The list (.ci/allowed-skips) has one {@code <class>#<method>  <reason>} per line; the reason is required.
 * Usage: {@code java -cp target/test-classes org.skysift.testing.SkipReport <allow-list> <folder>...}
 * (each folder searched for {@code *-reports/TEST-*.xml}).
 */
public final class SkipReport {
    /** One skipped test: its class, its method (parameters cut off), the report it came from and why. */
    public record Skip(String testClass, String method, Path report, String message) {
        public String key() {
            return testClass + "#" + method;
        }
    }

    public record Result(int reports, int testcases, List<Skip> allowed, List<Skip> notAllowed) {}

    private SkipReport() {}

    /** The allow-list: key to reason. A line without a reason is an error naming the file and line. */
    public static Map<String, String> readAllowList(Path file) throws IOException {
        Map<String, String> allowed = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (!parts[0].contains("#") || parts.length < 2 || parts[1].isBlank()) {
                throw new IllegalArgumentException(file + " line " + (i + 1)
                        + ": expected '<class>#<method>  <reason>', got: " + line);
            }
            allowed.put(parts[0], parts[1].strip());
        }
        return allowed;
    }

    /** Every report file under the folders: {@code <any>-reports/TEST-*.xml}, sorted. */
    public static List<Path> reports(List<Path> folders) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : folders) {
            if (!Files.isDirectory(f)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(f)) {
                s.filter(p -> p.getFileName().toString().startsWith("TEST-") && p.toString().endsWith(".xml")
                                && p.getParent().getFileName().toString().endsWith("-reports"))
                        .sorted().forEach(out::add);
            }
        }
        return out;
    }

    public static Result check(Map<String, String> allowList, List<Path> reports) throws IOException {
        List<Skip> allowed = new ArrayList<>(), notAllowed = new ArrayList<>();
        int testcases = 0;
        for (Path r : reports) {
            int[] count = {0};
            for (Skip s : skips(r, count)) {
                (allowList.containsKey(s.key()) ? allowed : notAllowed).add(s);
            }
            testcases += count[0];
        }
        return new Result(reports.size(), testcases, allowed, notAllowed);
    }

    /** The skipped test cases of one report; count[0] gets the number of test cases in it. */
    static List<Skip> skips(Path report, int[] count) throws IOException {
        List<Skip> out = new ArrayList<>();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(report)) {
            XMLStreamReader x = f.createXMLStreamReader(in);
            String cls = null, name = null;
            while (x.hasNext()) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (x.getLocalName()) {
                    case "testcase" -> {
                        cls = x.getAttributeValue(null, "classname");
                        name = x.getAttributeValue(null, "name");
                        count[0]++;
                    }
                    case "skipped" -> {
                        String message = x.getAttributeValue(null, "message");
                        String text = x.getElementText();
                        String why = message != null ? message : text.strip().lines().findFirst().orElse("");
                        out.add(new Skip(cls, method(name), report, why));
                    }
                    default -> { }
                }
            }
        } catch (XMLStreamException e) {
            throw new IOException(report + ": not a readable test report: " + e.getMessage(), e);
        }
        return out;
    }

    /** "run(SparkSession, Path)[2]" -> "run": the allow-list names methods, not invocations. */
    static String method(String name) {
        if (name == null) {
            return "";
        }
        int cut = name.length();
        for (char c : new char[] {'(', '['}) {
            int i = name.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return name.substring(0, cut).strip();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SkipReport <allow-list> <folder>...");
            System.exit(2);
        }
        Map<String, String> allowList = readAllowList(Path.of(args[0]));
        List<Path> folders = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            folders.add(Path.of(args[i]));
        }
        List<Path> reports = reports(folders);
        Result r = check(allowList, reports);
        Map<String, Integer> byKey = new TreeMap<>();
        r.allowed().forEach(s -> byKey.merge(s.key(), 1, Integer::sum));
        System.out.println("ci: skips: " + r.testcases() + " test cases in " + r.reports() + " reports; "
                + r.allowed().size() + " allowed skips, " + r.notAllowed().size() + " others");
        byKey.forEach((k, n) -> System.out.println("ci:   allowed " + k + " x" + n + ": " + allowList.get(k)));
        if (r.reports() == 0) {
            System.err.println("ci: no test reports under " + folders + ": nothing was checked");
            System.exit(1);
        }
        if (!r.notAllowed().isEmpty()) {
            for (Skip s : r.notAllowed()) {
                System.err.println("ci: skipped, not allowed: " + s.key() + " (" + s.report() + "): " + s.message());
            }
            System.err.println("ci: a test skipped in CI: install what it needs, or add it to " + args[0] + " with a reason");
            System.exit(1);
        }
    }
}
