package org.skysift.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The real test data in ../shared/data: tests that need it skip when it is absent. */
public final class SharedData {
    private SharedData() {}

    public static Path dir() {
        String prop = System.getProperty("skysift.shared");
        Path base = prop != null ? Path.of(prop) : Path.of("..", "shared");
        return base.resolve("data");
    }

    public static Path require(String relative) {
        Path p = dir().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared test data absent: " + p);
        return p;
    }
}
