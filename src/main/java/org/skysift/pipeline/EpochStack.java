package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.skysift.calibrate.SaturationLevel;
import org.skysift.config.SkySiftConfig;
import org.skysift.epochs.Combine;
import org.skysift.epochs.FrameRegistration;
import org.skysift.epochs.StackFrame;
import org.skysift.epochs.StackResult;
import org.skysift.epochs.Stacker;
import org.skysift.fits.FitsHeader;
import org.skysift.fits.FitsImage;

/**
 * One image per epoch: a single frame as it is, several stacked with {@link Stacker} onto the first
 * frame's grid. The stack carries the first frame's header (its WCS, DATE-OBS, SATURATE) with
 * NCOMBINE and the stack's effective GAIN, so the catalog comparison and the difference read it like a
 * deeper first frame. Frames the stacker could not register are named in {@code skipped}.
 */
final class EpochStack {
    /** @param skipped "frame: status (reason)" of each frame left out, empty when all were used */
    record Stacked(FitsImage image, int framesUsed, List<String> skipped) {}

    private EpochStack() {}

    static Stacked of(SkySiftConfig config, List<EpochFrames.Frame> frames) {
        if (frames.size() == 1) {
            return new Stacked(frames.get(0).image(), 1, List.of());
        }
        List<StackFrame> in = new ArrayList<>();
        for (EpochFrames.Frame f : frames) {
            in.add(new StackFrame(f.uri(), f.image(), Stages.extractParams(config, f.image().header(),
                    SaturationLevel.of(f.image()))));
        }
        var settings = Stages.stackSettings(config);
        StackResult r = new Stacker(settings).stack(in);
        List<String> skipped = new ArrayList<>();
        for (FrameRegistration reg : r.registrations()) {
            if (!reg.status().used()) {
                skipped.add(reg.name() + ": " + reg.status().label() + " (" + reg.reason() + ")");
            }
        }
        FitsImage first = frames.get(0).image();
        Map<String, String> cards = new LinkedHashMap<>(first.header().cards());
        cards.put("NCOMBINE", Integer.toString(r.framesUsed()));
        double gain = first.header().getDouble("GAIN", 0);
        int centre = (r.height() / 2) * r.width() + r.width() / 2;
        double wRef = 1 / (r.referenceRms() * r.referenceRms());
        if (gain > 0 && r.weight()[centre] > 0) {
            // a weighted mean of frames has the Poisson noise of one frame of gain g sum(w) / w_ref (median: x 2/pi)
            double g = gain * r.weight()[centre] / wRef
                    * (settings.combine().method() == Combine.Method.MEDIAN ? 2 / Math.PI : 1);
            cards.put("GAIN", String.format(Locale.ROOT, "%.6g", g));
        }
        return new Stacked(new FitsImage(r.width(), r.height(), r.image(), new FitsHeader(cards)), r.framesUsed(),
                List.copyOf(skipped));
    }
}
