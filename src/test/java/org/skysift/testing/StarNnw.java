package org.skysift.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.skysift.extract.StarClassifier;

/**
 * SExtractor's star/galaxy weights (default.nnw) for tests: SKYSIFT_STAR_NNW, else where Debian's
 * source-extractor package puts them. SkySift does not ship the file (GPL-3, see docs/EXTRACTION.md),
 * so tests that need it skip without it, except under CI=true, where they fail: CI installs the package.
 */
public final class StarNnw {
    private StarNnw() {}

    public static Path require() {
        String env = System.getenv("SKYSIFT_STAR_NNW");
        return require(Path.of(env != null && !env.isBlank() ? env : StarClassifier.DEBIAN_NNW));
    }

    /** The file the job's default (extract.starnnw_name: auto) reads: Debian's, whatever SKYSIFT_STAR_NNW says. */
    public static Path requireInstalled() {
        return require(Path.of(StarClassifier.DEBIAN_NNW));
    }

    private static Path require(Path p) {
        if (!Files.isRegularFile(p)) {
            throw Prerequisites.missing("no star/galaxy weights at " + p, "apt-get install source-extractor, or SKYSIFT_STAR_NNW");
        }
        return p;
    }
}
