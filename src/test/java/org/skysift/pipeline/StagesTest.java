package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.fits.FitsHeader;

@Tag("plain")
class StagesTest {
    @Test
    void extractSettingsTakeTheConvFileTheHeaderGainAndTheSaturationOverride() {
        var cfg = ConfigLoader.fromYamlString(
                "extract: {filter_name: src/test/resources/sextractor/gauss_2.5_5x5.conv, saturation: 30000}");
        var p = Stages.extractParams(cfg, new FitsHeader(Map.of("GAIN", "2.5")), 65535);
        assertThat(p.filter()).isNotNull();
        assertThat(p.kernel()).isSameAs(p.filter());
        assertThat(p.gain()).isEqualTo(2.5);
        assertThat(p.saturation()).isEqualTo(30000);
        // read once per JVM: the same kernel comes back for the next tile
        assertThat(Stages.extractParams(cfg, new FitsHeader(Map.of()), 65535).filter()).isSameAs(p.filter());

        var plain = Stages.extractParams(ConfigLoader.fromYamlString(""), new FitsHeader(Map.of()), 1000);
        assertThat(plain.filter()).isNull();
        assertThat(plain.saturation()).isEqualTo(1000);
        assertThat(plain.gain()).isZero();
    }

    @Test
    void aMissingConvFileNamesTheKey() {
        var cfg = ConfigLoader.fromYamlString("extract: {filter_name: no/such/file.conv}");
        assertThatThrownBy(() -> Stages.extractParams(cfg, new FitsHeader(Map.of()), 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("extract.filter_name");
    }
}
