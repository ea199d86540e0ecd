package org.skysift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("plain")
class ConfigLoaderTest {
    @Test
    void emptyConfigIsTheDefaults() {
        assertThat(ConfigLoader.fromYamlString("")).isEqualTo(SkySiftConfig.defaults());
    }

    @Test
    void userKeysOverrideDefaultsAndSetOverridesTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "targets:\n  count: 7\nextract:\n  detect_thresh: 3\n");
        SkySiftConfig c = ConfigLoader.load(f, List.of("targets.count=9", "image.source=files", "image.path=/data"));
        assertThat(c.targets().count()).isEqualTo(9);
        assertThat(c.targets().kind()).isEqualTo("fibonacci");
        assertThat(c.extract().detectThresh()).isEqualTo(3.0);
        assertThat(c.extract().backSize()).isEqualTo(64);
        assertThat(c.image().path()).isEqualTo("/data");
    }

    @Test
    void unknownKeyIsRejectedWithTheNearestName() {
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("extract:\n  detect_thres: 2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'extract.detect_thres'")
                .hasMessageContaining("did you mean 'extract.detect_thresh'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("tilling:\n  mode: hex30\n"))
                .hasMessageContaining("'tilling'").hasMessageContaining("'tiling'");
    }

    @Test
    void wrongTypesAndOutOfRangeValuesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("match:\n  radius_arcsec: five\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("match.radius_arcsec");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("match:\n  radius_arcsec: -1\n"))
                .hasMessageContaining("match.radius_arcsec").hasMessageContaining("between");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("image:\n  source: dsss\n"))
                .hasMessageContaining("image.source").hasMessageContaining("did you mean 'dss'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("image: {source: dss, fallback: [eso], endpoint: [a, b, c]}"))
                .hasMessageContaining("image.fallback[0]");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("image: {source: dss, endpoint: ftp://x}"))
                .hasMessageContaining("image.endpoint[0]");
        assertThat(ConfigLoader.fromYamlString("image: {source: dss, fallback: [eso-dss], endpoint: 'http://m/dss'}")
                .image().services()).containsExactly("dss", "eso-dss");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets:\n  kind: csv\n"))
                .hasMessageContaining("targets.path");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("extract:\n  back_filtersize: 4\n"))
                .hasMessageContaining("extract.back_filtersize").hasMessageContaining("odd");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("image:\n  source: files\n"))
                .hasMessageContaining("image.path").hasMessageContaining("image.list");
    }

    @Test
    void regionTargetsLoadAndTheirMissingOrBadKeysAreNamed() {
        SkySiftConfig.Targets cone = ConfigLoader.fromYamlString("targets: {kind: cone, ra: 10.68, dec: 41.27, radius_deg: 2}").targets();
        assertThat(List.of(cone.ra(), cone.dec(), cone.radiusDeg())).containsExactly(10.68, 41.27, 2.0);
        SkySiftConfig.Targets box = ConfigLoader.load(null, List.of("targets.kind=box", "targets.ra_min=350", "targets.ra_max=10",
                "targets.dec_min=-5", "targets.dec_max=5")).targets();
        assertThat(List.of(box.raMin(), box.raMax(), box.decMin(), box.decMax())).containsExactly(350.0, 10.0, -5.0, 5.0);
        SkySiftConfig.Targets hp = ConfigLoader.fromYamlString("targets: {kind: healpix, order: 6, pixels: [1234, 1235]}").targets();
        assertThat(hp.order()).isEqualTo(6);
        assertThat(hp.pixels()).containsExactly(1234L, 1235L);

        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: cone, ra: 10, dec: 41}"))
                .hasMessage("config key 'targets.radius_deg' must be set for targets.kind=cone");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: cone, ra: 10, dec: 91, radius_deg: 1}"))
                .hasMessage("config key 'targets.dec' = 91.0: must be between -90 and 90");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: cone, ra: 10, dec: 1, radius_deg: 0}"))
                .hasMessageContaining("'targets.radius_deg' = 0.0");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: box, ra_min: 10, ra_max: 20, dec_min: 5}"))
                .hasMessage("config key 'targets.dec_max' must be set for targets.kind=box");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: box, ra_min: 10, ra_max: 20, dec_min: 5, dec_max: -5}"))
                .hasMessage("config key 'targets.dec_max' = -5.0: must be between 5 and 90");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: box, ra_min: 10, ra_max: 10, dec_min: 5, dec_max: 6}"))
                .hasMessageStartingWith("config key 'targets.ra_max' = 10.0: equals targets.ra_min");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: box, ra_min: 10, ra_max: 361, dec_min: 5, dec_max: 6}"))
                .hasMessageContaining("'targets.ra_max' = 361.0");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: healpix, pixels: [3]}"))
                .hasMessageStartingWith("config key 'targets.order' must be set");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: healpix, order: 1}"))
                .hasMessageStartingWith("config key 'targets.pixels' must list at least one");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: healpix, order: 1, pixels: [3, 48]}"))
                .hasMessage("config key 'targets.pixels[1]' = 48: must be a nested pixel between 0 and 47 at targets.order 1");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("targets: {kind: cones}"))
                .hasMessageContaining("'targets.kind'").hasMessageContaining("did you mean 'cone'");
    }

    @Test
    void missingFileAndBadYamlAreClear(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), List.of()))
                .hasMessageContaining("nope.yaml");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "targets:\n  count: [1,\n");
        assertThatThrownBy(() -> ConfigLoader.load(bad, List.of())).hasMessageContaining("bad.yaml").hasMessageContaining("line");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("targets.count"))).hasMessageContaining("key=value");
    }

    @Test
    void referenceYamlListsEveryKeyWithItsDefault() throws IOException {
        Path ref = Path.of("conf/reference.yaml");
        JsonNode documented = new ObjectMapper(new YAMLFactory()).readTree(ref.toFile());
        JsonNode defaults = ConfigLoader.toTree(SkySiftConfig.defaults());
        assertThat(leaves(documented, "")).containsExactlyInAnyOrderElementsOf(leaves(defaults, ""));
        // and it loads as a config equal to the defaults
        assertThat(ConfigLoader.load(ref, List.of())).isEqualTo(SkySiftConfig.defaults());
    }

    @Test
    void shippedConfigsLoad() {
        for (String f : List.of("conf/local.yaml", "conf/sample-files.yaml")) {
            assertThat(ConfigLoader.load(Path.of(f), List.of())).isNotNull();
        }
    }

    private static List<String> leaves(JsonNode n, String prefix) {
        List<String> out = new ArrayList<>();
        n.fields().forEachRemaining(e -> {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                out.addAll(leaves(e.getValue(), key));
            } else {
                out.add(key + "=" + e.getValue().asText() + (e.getValue().isArray() ? e.getValue().toString() : ""));
            }
        });
        return out;
    }
}
