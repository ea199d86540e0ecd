package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.report.cutout.Triplet;

/** Triplets written from a tile's transient rows into the run folder through the Hadoop file system. */
@Tag("plain")
class TransientCutoutsTest {
    static final int W = 80, H = 60;
    final SkySiftConfig config = ConfigLoader.fromYamlString("run_id: t\nreport: {cutout_size_px: 32}");

    static TransientRow row(int id, String epoch, double x, double y) {
        return new TransientRow(12000004L, id, epoch, "poss1", "appeared", 10.0, 20.0, x, y, 9.5, 400, 40, 3.0, 20.0,
                410.0, 21.0, 1992.7, 1953.2, null, true, null, null);
    }

    static Triplet planes() {
        float[] ref = new float[W * H], fresh = new float[W * H], d = new float[W * H];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < ref.length; i++) {
            ref[i] = (float) rnd.nextGaussian();
            fresh[i] = (float) (2 * rnd.nextGaussian());
            d[i] = (float) rnd.nextGaussian();
        }
        return new Triplet(ref, fresh, d, null, W, H, 2.0);
    }

    @Test
    void oneTripletPerTransientAtItsDocumentedPath(@TempDir Path dir) throws IOException {
        String runDir = dir.toUri().toString().replaceAll("/$", "");
        List<TransientRow> rows = List.of(row(1, "poss2/red", 40, 30), row(2, "poss2/red", 1, 1));
        List<TransientRow> out = TransientCutouts.attach(config.report(), new Configuration(), runDir, planes(), rows);
        assertThat(out).extracting(TransientRow::cutout)
                .containsExactly("cutouts/12000004/t1-poss2_red.png", "cutouts/12000004/t2-poss2_red.png");
        for (TransientRow t : out) {
            BufferedImage img = ImageIO.read(dir.resolve(t.cutout()).toFile());
            // 32 px stamps magnified 6 times, three panels and four gaps
            assertThat(img.getWidth()).isEqualTo(3 * 32 * 6 + 4 * 6);
            assertThat(out.get(0)).usingRecursiveComparison().ignoringFields("cutout").isEqualTo(rows.get(0));
        }
    }

    @Test
    void nothingIsWrittenWhenCutoutsAreOff(@TempDir Path dir) {
        SkySiftConfig off = ConfigLoader.fromYamlString("run_id: t\nreport: {cutouts: false}");
        List<TransientRow> rows = List.of(row(1, "b", 40, 30));
        assertThat(TransientCutouts.attach(off.report(), new Configuration(), dir.toUri().toString(), planes(), rows))
                .isSameAs(rows);
        assertThat(dir.resolve("cutouts")).doesNotExist();
    }

    @Test
    void theCaptionNamesBothEpochsTheKindAndTheFluxes() {
        var c = TransientCutouts.caption(row(5, "poss2", 40.25, 30));
        assertThat(c.referenceLabel()).isEqualTo("reference poss1 (1953.2)");
        assertThat(c.newLabel()).isEqualTo("new poss2 (1992.7)");
        assertThat(c.title()).isEqualTo("tile 12000004  #5  appeared  S/N 9.5  (x 40.3, y 30.0)");
        assertThat(c.detail()).isEqualTo("flux ref 3.00 → new 410,  Δ 400 ± 40.0");
    }

    /** An epoch named for its year shows the year once; a name whose year is not the image's keeps both. */
    @Test
    void anEpochNamedForItsYearIsLabelledOnce() {
        assertThat(TransientCutouts.epochLabel("reference", "1953", 1953.2)).isEqualTo("reference 1953.2");
        assertThat(TransientCutouts.epochLabel("new", "1991.5", 1991.7)).isEqualTo("new 1991.7");
        assertThat(TransientCutouts.epochLabel("new", "1991", 1993.06)).isEqualTo("new 1991 (1993.1)");
        assertThat(TransientCutouts.epochLabel("new", "1991", null)).isEqualTo("new 1991");
        assertThat(TransientCutouts.epochLabel("new", "20190", 2019.0)).isEqualTo("new 20190 (2019.0)");
        assertThat(TransientCutouts.epochLabel("new", null, Double.NaN)).isEqualTo("new ?");
    }
}
