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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
