package org.skysift.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("plain")
class NnwNetTest {
    /** 2 inputs, 2 hidden, 1 output, laid out as SExtractor writes default.nnw (comments and blank lines included). */
    static final String SMALL = """
            NNW
            # a hand-made network
             3 2 2 1

             0.5 -1.0
             2.0  0.5

             1.0 -1.0  0.5
             0.2  3.0 -1.0

             2.0 -4.0  0.1

             0.1
             2.0
            """;

    @Test
    void respondsAsTheLayoutSays() {
        NnwNet net = NnwNet.parse(SMALL, "small.nnw");
        assertThat(net.inputs()).isEqualTo(2);
        assertThat(net.outputs()).isEqualTo(1);
        // by hand: inputs (1, 2) -> (1 x 2 + 0.5, 2 x 0.5 - 1) = (2.5, 0); hidden sigmoid(3) = 0.95257,
        // sigmoid(-0.5) = 0.37754; output sigmoid(2 x 0.95257 - 4 x 0.37754 + 0.1) = 0.62128, then (o - 0.1) / 2
        assertThat(net.respond(new double[] {1, 2})[0]).isCloseTo(0.2606401009674977, within(1e-12));
    }

    @Test
    void badTablesNameTheFileAndThePart() {
        assertThatThrownBy(() -> NnwNet.parse("CONV NORM\n1 2\n", "x.nnw"))
                .hasMessageContaining("x.nnw").hasMessageContaining("not a NNW table");
        String truncated = SMALL.substring(0, SMALL.indexOf("\n 0.1\n") + 1);
        assertThatThrownBy(() -> NnwNet.parse(truncated, "t.nnw"))
                .hasMessageContaining("t.nnw").hasMessageContaining("output offsets");
        assertThatThrownBy(() -> NnwNet.parse(SMALL + " 7\n", "e.nnw"))
                .hasMessageContaining("e.nnw").hasMessageContaining("1 values after the output scales");
        assertThatThrownBy(() -> NnwNet.parse(SMALL.replace("0.2  3.0", "0.2  x"), "w.nnw"))
                .hasMessageContaining("weights of neuron 2 of layer 2").hasMessageContaining("'x'");
        assertThatThrownBy(() -> NnwNet.parse(SMALL, "s.nnw").respond(new double[3]))
                .hasMessageContaining("2 inputs, got 3");
    }

    @Test
    void aClassifierNeedsTenInputsAndOneOutput() {
        assertThatThrownBy(() -> new StarClassifier(NnwNet.parse(SMALL, "small.nnw")))
                .hasMessageContaining("10 inputs and 1 output").hasMessageContaining("2 and 1");
    }
}
