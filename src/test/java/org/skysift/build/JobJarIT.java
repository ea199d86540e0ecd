package org.skysift.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar as a cluster gets it (run by failsafe after `mvn package`, so always this build's jar): nothing
 * the cluster provides inside, everything that a cluster classpath also carries in another version relocated,
 * and the relocated copies really the ones in use.
 */
class JobJarIT {
    /** Top-level homes allowed in the jar; anything new has to be decided on (relocate, exclude or allow). */
    private static final List<String> ALLOWED = List.of(
            "org/skysift/", "nom/tam/", "uk/ac/starlink/", "uk/ac/bristol/star/", "org/jfree/", "META-INF/",
            "org/jtransforms/", "pl/edu/icm/"); // JTransforms and its JLargeArrays (ZOGY FFTs): no platform ships them
    /** What Spark, Scala, Hadoop and the platforms (EMR, Dataproc, YARN, the Spark 4 REPL) ship themselves. */
    private static final List<String> FORBIDDEN = List.of(
            "org/apache/spark/", "scala/", "org/apache/hadoop/", "com/fasterxml/", "org/yaml/", "org/jline/", "jline/",
            "com/google/common/", "org/apache/commons/", "org/apache/parquet/", "org/apache/avro/", "org/slf4j/",
            "org/apache/log4j/", "org/apache/logging/", "io/netty/", "com/google/protobuf/", "jakarta/", "javax/",
            "picocli/", "me/tongfei/", "org/json/", "META-INF/versions/");

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        String p = System.getProperty("skysift.jobJar");
        assertThat(p).as("system property skysift.jobJar (set by the pom's failsafe configuration)").isNotBlank();
        jar = Path.of(p);
        assertThat(jar).as("job jar (failsafe runs after package, so it must be there)").isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            entries = Collections.list(j.entries()).stream().map(e -> e.getName()).collect(Collectors.toList());
        }
    }

    @Test
    void isNamedForItsSparkAndScalaLine() {
        String line = System.getProperty("skysift.sparkLine") + "_" + System.getProperty("skysift.scalaBinary");
        assertThat(jar.getFileName().toString()).matches("skysift-[0-9][^-]*(-SNAPSHOT)?-" + line.replace(".", "\\.") + "-job\\.jar");
        assertThat(line).isIn("spark3.5_2.12", "spark4_2.13");
    }

    @Test
    void holdsNothingTheClusterShipsUnderItsOwnName() {
        List<String> forbidden = entries.stream().filter(e -> FORBIDDEN.stream().anyMatch(e::startsWith)).toList();
        assertThat(forbidden).as("entries the cluster provides or ships in its own version").isEmpty();
        List<String> unexpected = entries.stream()
                .filter(e -> e.contains("/") && ALLOWED.stream().noneMatch(e::startsWith))
                .filter(e -> !ALLOWED.contains(e) && ALLOWED.stream().noneMatch(a -> a.startsWith(e)))
                .toList();
        assertThat(unexpected).as("entries outside the agreed packages").isEmpty();
        assertThat(entries).contains("org/skysift/cli/SkySift.class", "nom/tam/fits/Fits.class",
                "uk/ac/starlink/table/StarTable.class", "org/jfree/chart/JFreeChart.class");
    }

    @Test
    void carriesTheRelocatedCopies() {
        assertThat(entries).contains(
                "org/skysift/shaded/jackson/databind/ObjectMapper.class",
                "org/skysift/shaded/jackson/dataformat/yaml/YAMLFactory.class",
                "org/skysift/shaded/snakeyaml/Yaml.class",
                "org/skysift/shaded/picocli/CommandLine.class",
                "org/skysift/shaded/progressbar/ProgressBar.class",
                "org/skysift/shaded/jline/terminal/TerminalBuilder.class",
                "org/skysift/shaded/json/JSONObject.class",
                "META-INF/services/org.skysift.shaded.jackson.core.JsonFactory",
                "META-INF/services/org/skysift/shaded/jline/terminal/provider/exec");
        assertThat(entries).noneMatch(e -> e.startsWith("META-INF/services/") && e.contains("fasterxml"));
    }

    @Test
    void namesTheCliAsMainClass() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("org.skysift.cli.SkySift");
        }
    }

    /** jline finds its terminal by a resource file naming a class: that file must name the relocated class. */
    @Test
    void relocatedJlineLoadsItsOwnTerminalProvider() throws Exception {
        try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> spi = cl.loadClass("org.skysift.shaded.jline.terminal.spi.TerminalProvider");
            Method load = spi.getMethod("load", String.class);
            // jline reads the resource through the context class loader, as spark-submit's loader of the jar is
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            Object exec;
            try {
                t.setContextClassLoader(cl);
                exec = load.invoke(null, "exec");
            } finally {
                t.setContextClassLoader(before);
            }
            assertThat(exec.getClass().getName()).isEqualTo("org.skysift.shaded.jline.terminal.impl.exec.ExecTerminalProvider");
            assertThat(exec.getClass().getClassLoader()).isSameAs(cl);
        }
    }

    @Test
    void runsFromTheJarBesideSparksJarsAlone(@TempDir Path dir) throws Exception {
        String version = run(dir, "--version").trim();
        assertThat(version).matches("skysift [0-9].*");
        assertThat(run(dir, "--help")).contains("Usage: skysift", "run", "synth");
        // YAML config (relocated Jackson + snakeyaml), picocli options and FITS writing (nom-tam-fits)
        Path conf = Files.writeString(dir.resolve("c.yaml"), "synthetic:\n  seed: 11\n");
        String out = run(dir, "synth", "--out", dir.resolve("s").toString(), "--config", conf.toString(),
                "--at", "10.5,20", "--size-arcmin", "4");
        assertThat(out).contains("wrote");
        byte[] fits = Files.readAllBytes(dir.resolve("s/images/tile-01.fits"));
        assertThat(new String(fits, 0, 30, StandardCharsets.US_ASCII)).startsWith("SIMPLE  =");
        assertThat(fits.length % 2880).isZero();
        assertThat(Files.readAllLines(dir.resolve("s/reference.csv")).get(0)).isEqualTo("id,ra,dec,mag");
    }

    /**
     * The CLI in a fresh JVM on the job jar plus the Spark side of this build's classpath: Spark, Scala, Hadoop
     * and their own dependencies (Jackson among them, in Spark's version), but none of the libraries the jar
     * bundles, so only the jar's relocated copies can serve.
     */
    private static String run(Path dir, String... args) throws Exception {
        Set<String> bundled = bundledArtifacts();
        List<String> cp = new ArrayList<>();
        cp.add(jar.toString());
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String norm = e.replace(File.separatorChar, '/');
            boolean ours = !norm.endsWith(".jar") || norm.contains("/target/");
            boolean testOnly = norm.contains("/junit/") || norm.contains("/org/assertj/") || norm.contains("/org/opentest4j/");
            boolean bundledHere = bundled.stream().anyMatch(norm::contains) && !norm.contains("/com/fasterxml/jackson/core/");
            if (!ours && !testOnly && !bundledHere) {
                cp.add(e);
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", String.join(File.pathSeparator, cp), "org.skysift.cli.SkySift"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "cli", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("skysift " + String.join(" ", args) + " did not end");
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as("exit of skysift %s; output:%n%s", String.join(" ", args), out).isZero();
        return out;
    }

    /** The Maven repository folders (group/artifact/) of what the shade plugin put into the jar. */
    private static Set<String> bundledArtifacts() {
        Set<String> s = new TreeSet<>();
        for (String e : entries) {
            if (e.startsWith("META-INF/maven/") && e.endsWith("/pom.properties")) {
                String[] p = e.split("/");
                if (!p[2].equals("org.skysift")) {
                    s.add("/" + p[2].replace('.', '/') + "/" + p[3] + "/");
                }
            }
        }
        assertThat(s).as("bundled artifacts named in the jar").isNotEmpty();
        return s;
    }
}
