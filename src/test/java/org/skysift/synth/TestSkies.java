package org.skysift.synth;

/** Sky models for tests: the defaults of conf/reference.yaml unless a test says otherwise. */
public final class TestSkies {
    private TestSkies() {}

    public static SkyModel standard(long seed) {
        return new SkyModel(seed, 3000, 10.0, 20.5, 0.3, 5.0, 13.5, 17.0, 27.7, 2000, 0.05,
                2.6, 3.4, 3.0, 1.0, 5.0, 65535, 1950.0, 1956.0, 1.7);
    }

    public static SkyModel withVanished(long seed, double perDeg2) {
        SkyModel m = standard(seed);
        return new SkyModel(m.seed(), m.starDensity(), m.magBright(), m.magFaint(), m.lfSlope(), perDeg2,
                m.vanishedMagBright(), m.vanishedMagFaint(), m.zeroPoint(), m.skyLevel(), m.skyGradient(), m.fwhmMin(),
                m.fwhmMax(), m.moffatBeta(), m.gain(), m.readNoise(), m.saturation(), m.epochMin(), m.epochMax(),
                m.pixelScaleArcsec());
    }
}
