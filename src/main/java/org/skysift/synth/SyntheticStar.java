package org.skysift.synth;

import java.io.Serializable;

/** A star of the synthetic sky; vanished stars are rendered into images but withheld from the reference. */
public record SyntheticStar(String id, double ra, double dec, double mag, boolean vanished) implements Serializable {}
