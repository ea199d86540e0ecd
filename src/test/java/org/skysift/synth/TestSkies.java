package org.skysift.synth;

import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;

/** Sky models for tests: the defaults of conf/reference.yaml unless a test says otherwise. */
public final class TestSkies {
    private TestSkies() {}

    public static SkyModel standard(long seed) {
        return withVanished(seed, SkySiftConfig.defaults().synthetic().vanishedDensity());
    }

    public static SkyModel withVanished(long seed, double perDeg2) {
        SkySiftConfig c = ConfigLoader.fromYamlString("synthetic: {seed: " + seed + ", vanished_density: " + perDeg2 + "}");
        return new SkyModel(c.synthetic(), c.image().pixelScaleArcsec());
    }
}
