package org.skysift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.epochs.Combine;
import org.skysift.epochs.DiffMethod;
import org.skysift.epochs.DiffSettings;
import org.skysift.epochs.StackSettings;
import org.skysift.pipeline.Stages;
import org.skysift.synth.EpochChanges;
import org.skysift.synth.SyntheticEpoch;

@Tag("plain")
class EpochsConfigTest {
    private static final String TWO_EPOCHS = String.join("\n",
            "synthetic: {fwhm_min: 2.0, fwhm_max: 2.4, epoch_min: 1950, epoch_max: 1956}",
            "epochs:",
            "  reference: '1953'",
            "  list:",
            "    - {name: '1991', frames: 4, synthetic: {year: 1991.5, fwhm_min: 3.0, fwhm_max: 3.5, offset_arcsec: 5,",
            "       changes: {appeared: 6, faded: 2, amplitude_max_mag: 1.5}}}",
            "    - {name: '1953'}");

    @Test
    void noEpochsIsTheSingleImageRun() {
        SkySiftConfig c = SkySiftConfig.defaults();
        assertThat(c.epochs().configured()).isFalse();
        assertThat(c.epochs().list()).isEmpty();
        assertThat(c.epochs().reference()).isNull();
    }

    @Test
    void itemsTakeTheDefaultsOfTheKeysTheyLeaveOut() {
        SkySiftConfig c = ConfigLoader.fromYamlString(TWO_EPOCHS);
        assertThat(c.epochs().configured()).isTrue();
        assertThat(c.epochs().referenceIndex()).isEqualTo(1);
        var e1991 = c.epochs().list().get(0);
        assertThat(e1991.frames()).isEqualTo(4);
        assertThat(e1991.synthetic().changes()).isEqualTo(new SkySiftConfig.Changes(6, 0, 0, 2, 0.3, 1.5, 14.0, 18.0));
        var e1953 = c.epochs().list().get(1);
        assertThat(e1953).isEqualTo(new SkySiftConfig.Epoch("1953", 1, java.util.Map.of(),
                SkySiftConfig.Epoch.defaults().synthetic()));

        List<SyntheticEpoch> s = Stages.syntheticEpochs(c);
        assertThat(s.get(0)).isEqualTo(new SyntheticEpoch("1991", 1991.5, 3.0, 3.5, 5.0, 4,
                new EpochChanges(6, 0, 0, 2, 0.3, 1.5, 14.0, 18.0)));
        // the reference renders no change whatever its item says; year and seeing from the top level
        assertThat(s.get(1)).isEqualTo(new SyntheticEpoch("1953", 1953.0, 2.0, 2.4, 0.0, 1, EpochChanges.NONE));
        // no reference named: the first
        assertThat(ConfigLoader.fromYamlString("epochs: {list: [{name: a}, {name: b}]}").epochs().referenceIndex())
                .isZero();
    }

    @Test
    void anEpochsImageKeysOverrideTheTopLevelOnes() {
        SkySiftConfig c = ConfigLoader.fromYamlString(String.join("\n",
                "image: {source: dss, survey: dss1-red, retries: 2, endpoint: 'http://127.0.0.1:9/dss'}",
                "epochs: {list: [{name: poss1}, {name: poss2, image: {survey: dss2-red, retries: 7}}]}"));
        assertThat(Stages.epochImage(c, 0)).isEqualTo(c.image());
        SkySiftConfig.Image poss2 = Stages.epochImage(c, 1);
        assertThat(poss2.survey()).isEqualTo("dss2-red");
        assertThat(poss2.retries()).isEqualTo(7);
        assertThat(poss2.source()).isEqualTo("dss");
        assertThat(poss2.endpoint()).containsExactly("http://127.0.0.1:9/dss");
    }

    @Test
    void stackAndDifferenceMapToTheirSettings() {
        SkySiftConfig d = SkySiftConfig.defaults();
        StackSettings st = Stages.stackSettings(d);
        assertThat(st.combine()).isEqualTo(new Combine(Combine.Method.MEAN, 3.0, 3, 0.1, 2.5));
        assertThat(st.backSize()).isEqualTo(64);
        assertThat(st.searchPx()).isEqualTo(10.0);
        DiffSettings ds = Stages.diffSettings(d);
        assertThat(ds).isEqualTo(new DiffSettings(5.0, 3.0, 64, 3, 10.0, 12, DiffMethod.ZOGY));

        SkySiftConfig c = ConfigLoader.fromYamlString(String.join("\n",
                "extract: {back_size: 128}",
                "stack: {combine: median, kappa: 2.5}",
                "difference: {method: alard-lupton, threshold: 6, epoch_snr: 4, search_px: 20}"));
        assertThat(Stages.stackSettings(c).combine().method()).isEqualTo(Combine.Method.MEDIAN);
        assertThat(Stages.stackSettings(c).combine().growPx()).isZero();
        assertThat(Stages.stackSettings(c).searchPx()).isEqualTo(20.0);
        assertThat(Stages.diffSettings(c)).isEqualTo(new DiffSettings(6.0, 4.0, 128, 3, 20.0, 12,
                DiffMethod.ALARD_LUPTON));
    }

    @Test
    void unknownKeysInsideListItemsAreRejectedWithTheNearestName() {
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a}, {name: b, frame: 2}]}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'epochs.list[1].frame'")
                .hasMessageContaining("did you mean 'epochs.list[1].frames'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a, image: {surve: dss2-red}}]}"))
                .hasMessageContaining("'epochs.list[0].image.surve'")
                .hasMessageContaining("did you mean 'epochs.list[0].image.survey'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString(
                "epochs: {list: [{name: a, synthetic: {changes: {apeared: 3}}}]}"))
                .hasMessageContaining("'epochs.list[0].synthetic.changes.apeared'")
                .hasMessageContaining("did you mean 'epochs.list[0].synthetic.changes.appeared'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a}], referenc: a}"))
                .hasMessageContaining("did you mean 'epochs.reference'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [a, b]}"))
                .hasMessageContaining("'epochs.list[0]' must be a mapping");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a, image: dss}]}"))
                .hasMessageContaining("'epochs.list[0].image' must be a mapping");
    }

    @Test
    void badItemsNameTheItemAndTheKey() {
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a}, {frames: 2}]}"))
                .hasMessageContaining("'epochs.list[1].name' must be set");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a}, {name: a}]}"))
                .hasMessageContaining("'epochs.list[1].name'").hasMessageContaining("another epoch");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a, frames: 0}]}"))
                .hasMessageContaining("'epochs.list[0].frames'").hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a, frames: four}]}"))
                .hasMessageContaining("'epochs.list[0].frames'").hasMessageContaining("wrong type");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: y1953}, {name: y1991}],"
                + " reference: y1935}"))
                .hasMessageContaining("'epochs.reference'").hasMessageContaining("did you mean 'y1953'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a, image: {source: dsss}}]}"))
                .hasMessageContaining("'epochs.list[0].image.source'").hasMessageContaining("did you mean 'dss'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a, image: {retries: many}}]}"))
                .hasMessageContaining("'epochs.list[0].image.retries'").hasMessageContaining("wrong type");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString(
                "epochs: {list: [{name: a}, {name: b, image: {source: files, path: /plates}}]}"))
                .hasMessageContaining("1 of 2 epochs are synthetic");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString(
                "image: {source: dss}\nepochs: {list: [{name: a, frames: 3}]}"))
                .hasMessageContaining("'epochs.list[0].frames'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString(
                "epochs: {list: [{name: a, synthetic: {changes: {amplitude_min_mag: 1, amplitude_max_mag: 0.5}}}]}"))
                .hasMessageContaining("'epochs.list[0].synthetic.changes.amplitude_max_mag'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("epochs: {list: [{name: a, synthetic: {fwhm_min: 9}}]}"))
                .hasMessageContaining("'epochs.list[0].synthetic.fwhm_min'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("difference: {method: zogi}"))
                .hasMessageContaining("'difference.method'").hasMessageContaining("did you mean 'zogy'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("difference: {search_px: 1}"))
                .hasMessageContaining("'difference.search_px'");
        assertThatThrownBy(() -> ConfigLoader.fromYamlString("stack: {combine: sum}"))
                .hasMessageContaining("'stack.combine'");
    }

    @Test
    void filesEpochsMayStackAFoldersFramesAndMovedLocationsFollow() {
        SkySiftConfig c = ConfigLoader.fromYamlString(String.join("\n",
                "image: {source: files, path: plates/1953}",
                "epochs: {list: [{name: '1953'}, {name: '1991', frames: 3, image: {path: plates/1991}}]}"));
        SkySiftConfig moved = c.withLocations(p -> p == null ? null : "hdfs://nn/" + p);
        assertThat(Stages.epochImage(moved, 1).path()).isEqualTo("hdfs://nn/plates/1991");
        assertThat(Stages.epochImage(moved, 0).path()).isEqualTo("hdfs://nn/plates/1953");
    }

    @Test
    void shippedEpochsConfigLoads() {
        SkySiftConfig c = ConfigLoader.load(Path.of("conf/epochs.yaml"), List.of());
        assertThat(c.epochs().list()).hasSize(2);
        assertThat(c.epochs().list().get(c.epochs().referenceIndex()).name()).isEqualTo("1953");
        assertThat(c.epochs().list()).anySatisfy(e -> assertThat(e.frames()).isEqualTo(4));
    }
}
