package org.skysift.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.testing.SharedData;

/** Our background against SExtractor's own check images of the SEP test frame (BACK_SIZE 64, BACK_FILTERSIZE 3). */
@Tag("plain")
class SepBackgroundTest {
    static FitsImage read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return FitsReader.read(in, p.toString());
        }
    }

    /** Median over pixels of |ours - theirs| / |theirs|. */
    static double medianAbsRelDiff(float[] ours, float[] theirs) {
        double[] d = new double[ours.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(ours[i] - theirs[i]) / Math.abs(theirs[i]);
        }
        Arrays.sort(d);
        return d[d.length / 2];
    }

    @Test
    void levelAndRmsMapsMatchSExtractorWithinOnePercent() throws IOException {
        FitsImage img = read(SharedData.require("sep/sep_image.fits"));
        FitsImage back = read(SharedData.require("sep/sep_back.fits"));
        FitsImage rms = read(SharedData.require("sep/sep_rms.fits"));
        BackgroundMap bg = new BackgroundEstimator(64, 3).estimate(img.data(), img.width(), img.height());
        double dLevel = medianAbsRelDiff(bg.levelMap(), back.data());
        double dRms = medianAbsRelDiff(bg.rmsMap(), rms.data());
        System.out.printf("SEP frame: level median |rel diff| %.5f, rms %.5f (global %.3f / %.3f)%n",
                dLevel, dRms, bg.globalLevel(), bg.globalRms());
        assertThat(dLevel).as("background level").isLessThan(0.01);
        assertThat(dRms).as("background rms").isLessThan(0.01);
    }
}
