package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;

/**
 * Names that come from the config or the data never make a path outside the run folder. Not tagged plain
 * only because it calls SurveyJob.runDir (string work, no session: it costs nothing on either Spark line).
 */
class NamesCannotEscapeTest {
    @Test
    void aRunIdThatIsAPathOrDotsIsRefusedNamingTheKey() {
        for (String id : List.of("..", ".", "...", "../x", "/tmp/x", "a/b", "a\\\\b", "x y", "~")) {
            assertThatThrownBy(() -> ConfigLoader.fromYamlString("run_id: '" + id + "'"))
                    .as(id).isInstanceOf(ConfigException.class).hasMessageStartingWith("config key 'run_id'");
        }
    }

    @Test
    void everyAcceptedRunIdIsOneFolderRightUnderTheOutput() {
        for (String id : List.of("night1", "..a", "a..", ".hidden", "_x", "run-20261202_101500", "v1.2")) {
            SkySiftConfig c = ConfigLoader.fromYamlString("run_id: '" + id + "'\noutput: file:/data/out");
            Path runDir = Path.of(java.net.URI.create(SurveyJob.runDir(c, c.runId()))).normalize();
            assertThat(runDir.getParent()).as(id).isEqualTo(Path.of("/data/out"));
            assertThat(runDir.getFileName().toString()).isEqualTo(id);
        }
    }

    @Test
    void anEpochNameCannotLeaveItsTilesCutoutFolder() {
        for (String epoch : List.of("../../../etc/passwd", "..", "/abs", "a\\..\\b", "é 1953")) {
            Path p = Path.of(TransientCutouts.path(12000004L, 3, epoch));
            assertThat(p.normalize()).as(epoch).isEqualTo(p);
            assertThat(p.getParent()).isEqualTo(Path.of("cutouts/12000004"));
            assertThat(p.getFileName().toString()).startsWith("t3-").endsWith(".png").doesNotContain("/", "\\");
        }
    }
}
