package org.skysift.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real test data in ../shared/data: tests that need it skip when it is absent, and fail in CI (Prerequisites). */
public final class SharedData {
    private SharedData() {}

    public static Path dir() {
        String prop = System.getProperty("skysift.shared");
        Path base = prop != null ? Path.of(prop) : Path.of("..", "shared");
        return base.resolve("data");
    }

    public static Path require(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw Prerequisites.missing("shared test data absent: " + p.toAbsolutePath().normalize(),
                    "../shared/data beside the checkout, or -Dskysift.shared=<folder holding data/>");
        }
        return p;
    }
}
