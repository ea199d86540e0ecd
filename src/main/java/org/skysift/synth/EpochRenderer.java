package org.skysift.synth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.skysift.config.SkySiftConfig;
import org.skysift.sky.Tile;
import org.skysift.wcs.TanWcs;

/**
 * Renders the frames of the epochs of one tile from one synthetic sky (see {@link SyntheticEpoch}), through
 * the same painting as {@link SyntheticRenderer} (Moffat stars, sky gradient, Poisson and read noise, the
 * emulsion's response, saturation, {@link Realism} defects), so an epoch frame differs from a single-epoch
 * plate only in what is drawn:
 * <ul>
 *   <li>DATE-OBS is the epoch's {@code year} (all its frames); seeing is drawn per (tile, epoch, frame) in
 *       [fwhmMin, fwhmMax], and so is the sky gradient;</li>
 *   <li>the pointing lies {@code offsetArcsec} from the tile centre in a direction drawn per (tile, epoch);
 *       frames after the first add a dither of up to 2 px; the header WCS is the true TAN of that pointing
 *       (the same pixel scale and size as the single-epoch plate); the field distortion, if any, is drawn
 *       per (tile, epoch): one telescope per epoch;</li>
 *   <li>noise and defects are seeded per (tile, epoch name, frame);</li>
 *   <li>the injected changes ({@link EpochChangePlan}) of every non-reference epoch show in that epoch's
 *       frames only; everywhere else (the reference included) a changing star has its reference flux:
 *       appearing ones are absent, vanishing ones present.</li>
 * </ul>
 * Every random draw derives from (sky seed, tile id, epoch name[, frame]), so one frame renders alone, on
 * any executor, to the same bytes. Header cards EPOCHNAM and FRAMENO name the epoch and frame.
 */
public final class EpochRenderer {
    private static final long POINTING = 0x504F494EL, FRAME = 0x4652414DL, DEFECTS = 0x44454645L, OPTICS = 0x4F505449L;

    private EpochRenderer() {}

    /**
     * Frame {@code frame} (0-based) of epoch {@code epochIndex} of the tile. The reference epoch renders every
     * changing star at its reference flux (vanishing ones included, appearing ones absent); another epoch
     * renders its own changes and every other epoch's stars at their reference flux. The returned changes are
     * those of every epoch (the same list for every frame of the tile); the reference epoch's own
     * {@code changes} must be {@link EpochChanges#NONE}-like (no count), it is what the others are compared with.
     */
    public static EpochFrame render(Tile tile, SyntheticSky sky, Realism realism, List<SyntheticEpoch> epochs,
                                    int referenceIndex, int epochIndex, int frame) {
        check(epochs, referenceIndex, epochIndex, frame);
        SkySiftConfig.Synthetic m = sky.model().params();
        double scale = sky.model().pixelScaleArcsec();
        int w = SyntheticRenderer.width(tile, scale), h = SyntheticRenderer.height(tile, scale);
        double maxOffset = 0;
        for (SyntheticEpoch e : epochs) {
            maxOffset = Math.max(maxOffset, e.offsetArcsec());
        }
        List<SyntheticStar> cone = sky.cone(tile.ra(), tile.dec(), tile.halfDiagonalDeg() + 0.05 + maxOffset / 3600.0);
        List<EpochChangePlan.Planned> plan = EpochChangePlan.plan(tile, sky, realism, epochs, referenceIndex, cone);

        List<SyntheticStar> stars = new ArrayList<>(cone);
        List<InjectedChange> truth = new ArrayList<>(plan.size());
        for (EpochChangePlan.Planned p : plan) {
            truth.add(p.truth());
            SyntheticStar s = p.in(epochIndex);
            if (s != null) {
                stars.add(s);
            }
        }

        SyntheticEpoch epoch = epochs.get(epochIndex);
        long name = EpochChangePlan.nameKey(epoch.name());
        SplittableRandom pointing = new SplittableRandom(EpochChangePlan.key(m.seed(), tile.id(), name, POINTING));
        double angle = 2 * Math.PI * pointing.nextDouble();
        SplittableRandom rng = new SplittableRandom(EpochChangePlan.key(m.seed(), tile.id(), name, frame, FRAME));
        double fwhm = epoch.fwhmMin() + rng.nextDouble() * (epoch.fwhmMax() - epoch.fwhmMin());
        double gx = (2 * rng.nextDouble() - 1) * m.skyGradient();
        double gy = (2 * rng.nextDouble() - 1) * m.skyGradient();
        double ditherR = frame == 0 ? 0 : EpochChangePlan.MAX_DITHER_PX * Math.sqrt(rng.nextDouble());
        double ditherA = 2 * Math.PI * rng.nextDouble();
        double off = epoch.offsetArcsec() / scale;
        TanWcs grid = TanWcs.northUp(tile.ra(), tile.dec(), w, h, scale);
        double[] centre = grid.pixelToSky((w + 1) / 2.0 + off * Math.cos(angle) + ditherR * Math.cos(ditherA),
                (h + 1) / 2.0 + off * Math.sin(angle) + ditherR * Math.sin(ditherA));
        SplittableRandom defects = new SplittableRandom(EpochChangePlan.key(m.seed(), tile.id(), name, frame, DEFECTS));
        FieldDistortion distortion = SyntheticRenderer.distortion(m, w, h, scale,
                EpochChangePlan.key(m.seed(), tile.id(), name, OPTICS));
        Map<String, Object> cards = new LinkedHashMap<>();
        cards.put("EPOCHNAM", epoch.name());
        cards.put("FRAMENO", frame);
        SyntheticRenderer.Exposure exposure = new SyntheticRenderer.Exposure(tile.id(), centre[0], centre[1], w, h, fwhm,
                epoch.year(), gx, gy, rng, defects, distortion, cards);
        RenderedTile image = SyntheticRenderer.paint(exposure, sky, realism, stars);
        return new EpochFrame(image, List.copyOf(truth));
    }

    private static void check(List<SyntheticEpoch> epochs, int referenceIndex, int epochIndex, int frame) {
        if (epochs == null || epochs.isEmpty()) {
            throw new IllegalArgumentException("synthetic epochs: none given");
        }
        if (referenceIndex < 0 || referenceIndex >= epochs.size()) {
            throw new IllegalArgumentException("synthetic epochs: reference index " + referenceIndex + " outside 0.."
                    + (epochs.size() - 1));
        }
        if (epochIndex < 0 || epochIndex >= epochs.size()) {
            throw new IllegalArgumentException("synthetic epochs: epoch index " + epochIndex + " outside 0.."
                    + (epochs.size() - 1));
        }
        Set<String> names = new HashSet<>();
        for (SyntheticEpoch e : epochs) {
            String at = "synthetic epoch '" + e.name() + "': ";
            if (e.name() == null || e.name().isBlank() || !names.add(e.name())) {
                throw new IllegalArgumentException(at + "names must be given and distinct (they seed noise and changes)");
            }
            if (!(e.fwhmMin() > 0) || !(e.fwhmMax() >= e.fwhmMin())) {
                throw new IllegalArgumentException(at + "fwhm_min " + e.fwhmMin() + " / fwhm_max " + e.fwhmMax()
                        + " must satisfy 0 < min <= max");
            }
            if (!(e.offsetArcsec() >= 0)) {
                throw new IllegalArgumentException(at + "offset_arcsec " + e.offsetArcsec() + " must be >= 0");
            }
            if (e.frames() < 1) {
                throw new IllegalArgumentException(at + "frames " + e.frames() + " must be >= 1");
            }
            EpochChanges c = e.changes();
            if (c == null) {
                throw new IllegalArgumentException(at + "changes must be given (EpochChanges.NONE for none)");
            }
            if (Math.min(Math.min(c.appeared(), c.vanished()), Math.min(c.brightened(), c.faded())) < 0) {
                throw new IllegalArgumentException(at + "change counts must be >= 0: " + c);
            }
            boolean varies = c.brightened() + c.faded() > 0;
            if (varies && (!(c.amplitudeMinMag() > 0) || !(c.amplitudeMaxMag() >= c.amplitudeMinMag()))
                    || c.total() > 0 && !(c.magFaint() >= c.magBright())) {
                throw new IllegalArgumentException(at + "changes need 0 < amplitude_min <= amplitude_max and"
                        + " mag_bright <= mag_faint: " + c);
            }
        }
        SyntheticEpoch ref = epochs.get(referenceIndex);
        if (ref.changes().total() > 0) {
            throw new IllegalArgumentException("synthetic epoch '" + ref.name() + "' is the reference: it cannot have"
                    + " injected changes (" + ref.changes().total() + " given); the other epochs change against it");
        }
        SyntheticEpoch e = epochs.get(epochIndex);
        if (frame < 0 || frame >= e.frames()) {
            throw new IllegalArgumentException("synthetic epoch '" + e.name() + "': frame " + frame + " outside 0.."
                    + (e.frames() - 1));
        }
    }
}
