package org.skysift.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Spark 4 line of CI skips test classes tagged "plain" (pure Java, the same on both lines): a class
 * tagged so must not touch Spark, or a Spark-touching test would run on one line only.
 */
class PlainTagTest {
    private static final Pattern SPARK = Pattern.compile(
            "org\\.apache\\.spark|SparkSession|SurveyJob|CliJvm|JobSubmit|run\\(\"run\"|\"xmatch\"");

    @Test
    void noTestTaggedPlainTouchesSpark() throws IOException {
        List<Path> plain;
        try (Stream<Path> s = Files.walk(Path.of("src/test/java"))) {
            plain = s.filter(p -> p.toString().endsWith(".java")).filter(p -> read(p).contains("@Tag(\"plain\")"))
                    .filter(p -> !p.getFileName().toString().equals("PlainTagTest.java")).toList();
        }
        assertThat(plain).as("test classes tagged plain").hasSizeGreaterThanOrEqualTo(5);
        for (Path p : plain) {
            assertThat(SPARK.matcher(read(p)).find()).as(p + " is tagged plain but touches Spark").isFalse();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
