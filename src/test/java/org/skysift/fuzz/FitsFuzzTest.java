package org.skysift.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.testing.SharedData;

/**
 * The reduced FITS fuzz corpus (2,000 files: bit flips, truncation, header, pixel and WCS mutations
 * of synthetic plates and, when ../shared/data is present, of real DSS headers) through
 * {@code skysift extract} and the job's tile path: every file ends as a result or a clean refusal;
 * none crashes and none runs over its time limit. bench/fuzz-fits.sh runs the full corpus under a
 * 1 GiB heap.
 */
@Tag("plain")
class FitsFuzzTest {
    static final int FILES = 2000;

    @Test
    void noFuzzedFileCrashesOrHangsEitherPath() throws IOException {
        FitsFuzzHarness.Tally t = FitsFuzzHarness.corpus(FILES, 2, 20_000, SharedData.dir(), 128);
        System.out.print(t.summary());
        assertThat(t.failures).isEmpty();
        assertThat(t.files).isEqualTo(FILES);
        // every file went through both paths, and both outcomes occur: the corpus is neither all valid nor all junk
        for (var path : java.util.List.of(t.cli, t.job)) {
            assertThat(path.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FILES);
            assertThat(path.get("OK")).isNotNull();
            assertThat(path.get("REFUSED")).isNotNull();
        }
    }
}
