package org.skysift.extract;

/**
 * Connected groups of above-threshold pixels in compressed-row form: object k owns entries
 * start[k] .. start[k+1]-1 of pix (pixel index y * width + x, increasing), dval (filtered value)
 * and thresh (the detection threshold at that pixel).
 */
public record Blobs(int count, int[] start, int[] pix, float[] dval, float[] thresh) {
    public int size(int k) {
        return start[k + 1] - start[k];
    }
}
