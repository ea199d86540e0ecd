package org.skysift.synth;

/**
 * One epoch of the synthetic sky: when it was taken, its seeing, how far its pointing lies from the
 * tile centre, and what changed in it against the reference epoch. Frames of one epoch share all of
 * this and differ in noise, defects and a small dither.
 *
 * @param name          the epoch's name in the config (also seeds its noise and changes)
 * @param year          decimal year written as DATE-OBS
 * @param fwhmMin       seeing FWHM in pixels, drawn per tile and frame between min and max
 * @param fwhmMax
 * @param offsetArcsec  pointing offset of its frames from the tile centre (random direction per tile)
 * @param frames        frames rendered for the epoch (stacked by the pipeline)
 * @param changes       what differs from the reference epoch (NONE for the reference itself)
 */
public record SyntheticEpoch(String name, double year, double fwhmMin, double fwhmMax, double offsetArcsec, int frames,
                             EpochChanges changes) implements java.io.Serializable {}
