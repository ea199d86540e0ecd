package org.skysift.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No container engine here, so what can be checked without one: the base image tags agree with the Spark and
 * Scala lines pom.xml builds, every COPY source exists (the jar: its name as pom.xml makes it) and passes the
 * Dockerfile's .dockerignore, and the compose file wires a master, two workers and Jupyter.
 */
class DockerFilesTest {
    private static final Path DOCKER = Scripts.ROOT.resolve("docker");
    private static final PomFacts POM = new PomFacts(Scripts.ROOT.resolve("pom.xml"));
    private static final Pattern FROM = Pattern.compile("(?m)^FROM apache/spark:(\\d+)\\.(\\d+)\\.(\\d+)-scala(2\\.1[0-9])-java17-ubuntu$");

    record Image(String line, String scala, String jar) {}

    @Test
    void spark3ImageMatchesTheDefaultBuild() throws IOException {
        checkImage("Dockerfile.spark3", null, "3.5");
    }

    @Test
    void spark4ImageMatchesTheSpark4Profile() throws IOException {
        checkImage("Dockerfile.spark4", "spark4", "4.");
    }

    private static void checkImage(String dockerfile, String profile, String expectedLine) throws IOException {
        String text = Files.readString(DOCKER.resolve(dockerfile));
        Matcher m = FROM.matcher(text);
        assertThat(m.find()).as(dockerfile + " FROM an official apache/spark java17 ubuntu tag").isTrue();
        String[] pomVersion = POM.property("spark.version", profile).split("\\.");
        String tagLine = m.group(1) + "." + m.group(2);
        assertThat(tagLine).as("Spark line of the image vs pom.xml spark.version")
                .isEqualTo(pomVersion[0] + "." + pomVersion[1]).startsWith(expectedLine);
        assertThat(m.group(4)).as("Scala of the image vs pom.xml scala.binary").isEqualTo(POM.property("scala.binary", profile));

        List<String> ignore = Files.readAllLines(DOCKER.resolve(dockerfile + ".dockerignore"));
        String jar = POM.jobJar(profile);
        List<String> sources = copySources(text);
        assertThat(sources).hasSize(3);
        for (String src : sources) {
            String path = src.replaceAll("/$", "");
            if (path.startsWith("target/")) {
                // the jar exists only after mvn package: the name pom.xml gives it must match the COPY pattern
                assertThat(FileSystems.getDefault().getPathMatcher("glob:" + path).matches(Path.of(jar)))
                        .as(dockerfile + ": COPY " + src + " matches " + jar).isTrue();
            } else {
                Path dir = Scripts.ROOT.resolve(path);
                assertThat(dir).as(dockerfile + ": COPY " + src).isDirectory();
                try (Stream<Path> files = Files.list(dir)) {
                    assertThat(files.count()).as(src + " not empty").isPositive();
                }
            }
            assertThat(ignore).as(dockerfile + ".dockerignore lets " + src + " into the build context").contains("!" + path);
        }
        assertThat(ignore).contains("*");
    }

    static List<String> copySources(String dockerfile) {
        List<String> out = new ArrayList<>();
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("COPY ")) {
                String[] w = line.trim().split("\\s+");
                for (int i = 1; i < w.length - 1; i++) {
                    out.add(w[i]);
                }
            }
        }
        return out;
    }

    @Test
    void composeRunsAMasterTwoWorkersAndJupyterOverTheOutputFolder() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("master", "worker-1", "worker-2", "jupyter");

        assertThat(text(services.at("/master/command"))).contains("org.apache.spark.deploy.master.Master");
        for (String w : List.of("worker-1", "worker-2")) {
            assertThat(text(services.at("/" + w + "/command"))).contains("org.apache.spark.deploy.worker.Worker", "spark://master:7077");
        }
        for (String s : List.of("master", "worker-1", "worker-2")) {
            String dockerfile = services.at("/" + s + "/build/dockerfile").asText();
            // ${SKYSIFT_IMAGE:-spark3}: the default and the spark4 choice must both exist
            for (String image : List.of("spark3", "spark4")) {
                Path f = DOCKER.resolve(services.at("/" + s + "/build/context").asText())
                        .resolve(dockerfile.replace("${SKYSIFT_IMAGE:-spark3}", image)).normalize();
                assertThat(f).as(s + " build file").isRegularFile();
            }
            assertThat(text(services.at("/" + s + "/volumes"))).contains("../out:/data/out");
        }
        String jupyterVolumes = text(services.at("/jupyter/volumes"));
        assertThat(jupyterVolumes).contains("../notebooks:", "../out:");
        assertThat(DOCKER.resolve("../notebooks/explore.ipynb").normalize()).isRegularFile();
    }

    private static String text(JsonNode n) {
        List<String> parts = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> parts.add(x.asText()));
        } else {
            parts.add(n.asText());
        }
        return String.join(" ", parts);
    }
}
