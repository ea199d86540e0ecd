package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.Source;

/** extract.starnnw_name and extract.seeing_fwhm as the job reads them (no Debian package needed). */
@Tag("plain")
class ClassStarStageTest {

    /** A 10-1-1 network whose output is sigmoid(ln 3) = 0.75 whatever the inputs: zero weights, biases 0 and ln 3. */
    private static Path constantNet(Path dir) throws IOException {
        String zeros = "0 ".repeat(10);
        String text = "NNW\n# constant 0.75\n 3 10 1 1\n" + zeros + "\n" + "1 ".repeat(10) + "\n"
                + zeros + " 0\n" + " 0 " + Math.log(3) + "\n 0\n 1\n";
        Path p = dir.resolve("constant.nnw");
        Files.writeString(p, text);
        return p;
    }

    private static SkySiftConfig config(String extract) {
        return ConfigLoader.fromYamlString("extract: {" + extract + "}");
    }

    private static Source source() {
        int[] iso = {20, 16, 12, 9, 6, 4, 2, 1};
        return new Source(1, 10, 10, Double.NaN, Double.NaN, 10, 10, 1, 1, 0, 1, 1, 0, 1000, 10, 1000, 10, 3.5,
                new double[0], new double[0], 500, new double[0], 2, 3, 50, 20, 100, 0, 5, 15, 5, 15, 20, iso);
    }

    @Test
    void aNamedNetworkClassifiesEverySourceWithTheSeeingItCanFind(@TempDir Path dir) throws IOException {
        SkySiftConfig c = config("starnnw_name: " + constantNet(dir));
        double[] cs = Stages.classStar(c, List.of(source(), source()), null, 1.7, 2.5);
        assertThat(cs).containsExactly(new double[] {0.75, 0.75}, within(1e-12));
        // no PSF model, no extract.seeing_fwhm and no median FWHM: no seeing, so no class_star
        assertThat(Stages.classStar(c, List.of(source()), null, 1.7, null)[0]).isNaN();
        // extract.seeing_fwhm fills in when the tile has no PSF model
        SkySiftConfig seeing = config("starnnw_name: " + constantNet(dir) + ", seeing_fwhm: 4.0");
        assertThat(Stages.classStar(seeing, List.of(source()), null, 1.7, null)[0]).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void noneTurnsItOffAndABadFileIsAConfigError(@TempDir Path dir) throws IOException {
        assertThat(Stages.starClassifier(config("starnnw_name: none"))).isNull();
        assertThat(Stages.classStar(config("starnnw_name: none"), List.of(source()), null, 1.7, 2.5)).isNull();
        assertThatThrownBy(() -> Stages.starClassifier(config("starnnw_name: " + dir.resolve("missing.nnw"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("extract.starnnw_name")
                .hasMessageContaining("missing.nnw");
        Path conv = dir.resolve("not.nnw");
        Files.writeString(conv, "CONV NORM\n1 2 1\n");
        assertThatThrownBy(() -> Stages.starClassifier(config("starnnw_name: " + conv)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a NNW table");
        assertThatThrownBy(() -> config("starnnw_name: ''")).hasMessageContaining("extract.starnnw_name");
        assertThatThrownBy(() -> config("seeing_fwhm: -1")).hasMessageContaining("extract.seeing_fwhm");
    }
}
