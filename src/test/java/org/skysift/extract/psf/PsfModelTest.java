package org.skysift.extract.psf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.synth.FwhmField;
import org.skysift.synth.Realism;

@Tag("plain")
class PsfModelTest {

    @Test
    void pixelModelFollowsTheVaryingSeeingOfASyntheticPlate() {
        PsfFields.Field f = PsfFields.render(7, 40, 3000, Realism.NONE.withFwhmVariation(0.15));
        PsfModel m = PsfBuilder.build(f.sub(), f.rms(), f.w(), f.h(), f.candidates(), PsfParams.defaults().withGain(1));
        assertThat(m.origin()).isEqualTo(PsfModel.Origin.PIXEL);
        assertThat(m.isFallback()).isFalse();
        assertThat(m.starCount()).isGreaterThan(80);
        assertThat(m.degree()).isEqualTo(2);
        // stars fit to their noise: reduced chi2 near 1, core residual a few percent of the peak
        assertThat(m.chi2()).isBetween(0.8, 1.3);
        assertThat(m.residualRms()).isLessThan(0.05);
        FwhmField truth = f.tile().artifacts().fwhmField();
        double[][] at = {{80, 80}, {f.w() - 80, 80}, {f.w() / 2.0, f.h() / 2.0}, {80, f.h() - 80}, {f.w() - 80, f.h() - 80}};
        for (double[] q : at) {
            // the synthetic plate samples a Moffat (beta 3) at pixel centres: compare node by node
            assertThat(PsfExplore.gridError(m, q[0], q[1], truth.at(q[0], q[1]))).as("grid error at %s", q).isLessThan(0.1);
            assertThat(m.fwhmAt(q[0], q[1])).as("FWHM at %s", q).isCloseTo(truth.at(q[0], q[1]), within(0.25));
        }
        // the grid holds unit flux
        double sum = 0;
        for (double v : m.gridAt(300, 300)) {
            sum += v;
        }
        assertThat(sum / (m.oversampling() * m.oversampling())).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void tooFewStarsFallBackToAFlaggedMoffatOfTheRightWidth() {
        PsfFields.Field f = PsfFields.render(11, 20, 300, Realism.NONE);
        PsfModel m = PsfBuilder.build(f.sub(), f.rms(), f.w(), f.h(), f.candidates(), PsfParams.defaults());
        assertThat(m.isFallback()).isTrue();
        assertThat(m.origin()).isEqualTo(PsfModel.Origin.MOFFAT_FIT);
        assertThat(m.starCount()).isBetween(1, 9);
        assertThat(m.moffatBeta()).isBetween(2.0, 4.0);
        // pixel-integrated, so a little wider than the point-sampled truth
        assertThat(m.fwhm()).isCloseTo(f.tile().fwhmPx(), within(0.1 * f.tile().fwhmPx()));
    }

    @Test
    void noCandidatesAtAllGiveTheDefaultMoffat() {
        float[] img = new float[64 * 64];
        float[] rms = new float[64 * 64];
        java.util.Arrays.fill(rms, 1f);
        PsfCandidates none = new PsfCandidates(new double[0], new double[0], new double[0], new double[0],
                new double[0], new double[0], new int[0]);
        PsfModel m = PsfBuilder.build(img, rms, 64, 64, none, PsfParams.defaults());
        assertThat(m.origin()).isEqualTo(PsfModel.Origin.MOFFAT_DEFAULT);
        assertThat(m.fwhm()).isCloseTo(PsfBuilder.DEFAULT_FWHM, within(0.15));
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> new PsfCandidates(new double[3], new double[3], new double[3], new double[2],
                new double[3], new double[3], new int[3])).hasMessageContaining("snr has 2 entries, x has 3");
        assertThatThrownBy(() -> PsfBuilder.build(new float[10], new float[12], 5, 2, null, PsfParams.defaults()))
                .hasMessageContaining("rms 12");
        assertThatThrownBy(() -> PsfParams.defaults().withOversampling(0)).hasMessageContaining("oversampling");
    }
}
