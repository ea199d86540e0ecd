package org.skysift.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hand-written VizieR answers under src/test/resources/vizier. */
final class TestAnswers {
    private TestAnswers() {}

    static String text(String name) {
        try (InputStream in = TestAnswers.class.getResourceAsStream("/vizier/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /vizier/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
