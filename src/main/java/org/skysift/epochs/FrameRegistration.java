package org.skysift.epochs;

/**
 * One frame's registration onto the reference frame's pixel grid.
 *
 * @param name       the frame (file name)
 * @param stars      stars measured on the frame for matching
 * @param matches    star pairs kept by the fit (0 when not registered)
 * @param rmsPx      rms of the fit's residuals in reference pixels (NaN when not registered)
 * @param correction reference pixel -> the reference pixel the two WCS predict; identity for the reference
 * @param reason     why the frame was left out (null when used)
 */
public record FrameRegistration(String name, RegistrationStatus status, int stars, int matches, double rmsPx,
                                Affine correction, String reason) {

    static FrameRegistration failed(String name, RegistrationStatus status, int stars, String reason) {
        return new FrameRegistration(name, status, stars, 0, Double.NaN, null, reason);
    }
}
