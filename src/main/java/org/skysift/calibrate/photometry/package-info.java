/**
 * Photometric calibration of a plate: a monotonic curve from instrumental to reference magnitude fitted on
 * matched stars (a penalised cubic B-spline kept non-decreasing, with sigma clipping), an optional colour
 * term and an optional coarse spatial correction. Plain Java on primitive arrays.
 */
package org.skysift.calibrate.photometry;
