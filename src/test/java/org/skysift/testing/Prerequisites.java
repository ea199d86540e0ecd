package org.skysift.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs from outside the repository is missing (the real data in
 * ../shared/data, a Debian package, a Python, a browser): locally it skips, so a checkout without them
 * still builds; in CI it fails naming what is missing, so a green CI never means "skipped".
 * Required when SKYSIFT_REQUIRE_SHARED=1 (exported by .ci/run) or CI=true.
 */
public final class Prerequisites {
    private Prerequisites() {}

    public static boolean required() {
        return truthy(System.getenv("SKYSIFT_REQUIRE_SHARED")) || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Never returns: an AssertionError when {@link #required()}, else the calling test is skipped. */
    public static RuntimeException missing(String what, String howToGetIt) {
        if (required()) {
            throw new AssertionError("missing in CI (SKYSIFT_REQUIRE_SHARED=1 or CI=true): " + what + "; " + howToGetIt);
        }
        Assumptions.abort(what + " (" + howToGetIt + ")");
        throw new IllegalStateException("unreachable: abort throws");
    }

    private static boolean truthy(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }
}
