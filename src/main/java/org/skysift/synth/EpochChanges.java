package org.skysift.synth;

/**
 * Changes injected into one epoch against the reference epoch, per tile: stars that appear (absent from
 * the reference), vanish (present in the reference only), brighten or fade by an amplitude drawn between
 * min and max (magnitudes), all drawn between magBright and magFaint in the reference (appearing stars:
 * in this epoch). Changing stars are extra stars of the synthetic sky, placed away from the tile edge.
 */
public record EpochChanges(int appeared, int vanished, int brightened, int faded, double amplitudeMinMag,
                           double amplitudeMaxMag, double magBright, double magFaint) implements java.io.Serializable {
    public static final EpochChanges NONE = new EpochChanges(0, 0, 0, 0, 0.3, 1.0, 14, 18);

    public int total() {
        return appeared + vanished + brightened + faded;
    }
}
