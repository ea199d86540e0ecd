package org.skysift.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;

/** The example cloud configs load (ConfigLoader rejects unknown keys) and keep every path on the cloud store. */
@Tag("plain")
class CloudConfigsTest {
    @Test
    void gcsConfigLoadsWithEveryPathOnGcs() throws Exception {
        SkySiftConfig c = ConfigLoader.load(Scripts.ROOT.resolve("conf/cloud-gcs.yaml"), List.of());
        checkOnStore(c, "gs://YOUR-BUCKET/skysift/");
        assertThat(Files.readString(Scripts.ROOT.resolve("conf/cloud-gcs.yaml"))).contains("submit/dataproc.sh");
    }

    @Test
    void s3aConfigLoadsWithEveryPathOnS3() throws Exception {
        SkySiftConfig c = ConfigLoader.load(Scripts.ROOT.resolve("conf/cloud-s3a.yaml"), List.of());
        checkOnStore(c, "s3a://YOUR-BUCKET/skysift/");
        assertThat(Files.readString(Scripts.ROOT.resolve("conf/cloud-s3a.yaml"))).contains("submit/emr.sh");
    }

    private static void checkOnStore(SkySiftConfig c, String prefix) throws Exception {
        // executors on other machines read and write these: no local path may be left
        assertThat(List.of(c.output(), c.targets().path(), c.image().cache(), c.reference().cache())).allMatch(p -> p.startsWith(prefix));
        assertThat(c.image().source()).isEqualTo("dss");
        assertThat(c.reference().kind()).isEqualTo("vizier");
        assertThat(c.tiling().tileArcmin()).isEqualTo(60.0);
    }

    @Test
    void sizingNotesQuoteTheMeasuredFigures() throws Exception {
        for (String name : List.of("cloud-gcs.yaml", "cloud-s3a.yaml")) {
            String text = Files.readString(Path.of(Scripts.ROOT.toString(), "conf", name));
            // 6.9 B/px whole-tile heap at 2k (docs/PERFORMANCE.md) and the per-tile time of a local run
            assertThat(text).as(name).contains("6.9 B/px", "2118 x 2118 px", "2.2 s per tile");
            assertThat(Files.readString(Scripts.ROOT.resolve("docs/PERFORMANCE.md"))).contains("| 2048x2048 | 5.72 | 6.88 |");
        }
    }
}
