package org.skysift.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class SuggestTest {
    @Test
    void nearestNameWithinHalfTheLength() {
        assertThat(Suggest.nearest("detect_thres", List.of("detect_thresh", "detect_minarea"))).isEqualTo("detect_thresh");
        assertThat(Suggest.nearest("zzzzzzzz", List.of("output", "run_id"))).isNull();
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    }
}
