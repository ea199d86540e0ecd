package org.skysift.epochs;

import java.util.List;

/**
 * A stack on the reference (first) frame's pixel grid.
 *
 * @param image         combined pixels with the reference frame's background added back; NaN = no data
 * @param weight        sum of the used frames' weights (1 / background variance) per pixel: the
 *                      inverse variance of the stack's background where the noise is independent
 * @param nframes       frames used per pixel (after clipping)
 * @param registrations one per input frame, in input order
 * @param referenceRms  background rms of the reference frame (BackgroundEstimator)
 * @param stackRms      background rms of the stack, measured the same way
 * @param timing        where the time went
 */
public record StackResult(int width, int height, float[] image, float[] weight, short[] nframes,
                          List<FrameRegistration> registrations, double referenceRms, double stackRms, Timing timing) {

    /**
     * @param prepareNanos  background, star extraction and registration of all frames
     * @param resampleNanos pixel maps and Lanczos3 resampling
     * @param combineNanos  combination (both passes when growing) and the stack's background rms
     */
    public record Timing(long prepareNanos, long resampleNanos, long combineNanos) {}

    /** How much the stack lowered the background noise: reference rms / stack rms. */
    public double noiseGain() {
        return referenceRms / stackRms;
    }

    public int framesUsed() {
        return (int) registrations.stream().filter(r -> r.status().used()).count();
    }
}
