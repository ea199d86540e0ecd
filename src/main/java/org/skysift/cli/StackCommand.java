package org.skysift.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.epochs.Combine;
import org.skysift.epochs.FrameRegistration;
import org.skysift.epochs.StackFrame;
import org.skysift.epochs.StackResult;
import org.skysift.epochs.StackSettings;
import org.skysift.epochs.Stacker;
import org.skysift.fits.FitsImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Stacks frames of one field onto the first frame's pixel grid ({@link Stacker}) and writes the stack
 * with its WEIGHT and NFRAMES planes ({@link StackFits}). Prints each frame's registration and the
 * noise gain. No Spark session is started.
 */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Registers frames of one field to the first, resamples (Lanczos3) and combines them.")
final class StackCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FRAMES", description = "FITS frames (plain or gzip); the first is the reference")
    List<Path> frames = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output FITS: stack, WEIGHT, NFRAMES")
    Path out;

    @Option(names = "--combine", defaultValue = "mean", paramLabel = "mean|median",
            description = "Weighted mean with clipping, or median (default ${DEFAULT-VALUE})")
    String combine;

    @Option(names = "--kappa", defaultValue = "3", description = "Clip beyond kappa sigma of the noise model (default ${DEFAULT-VALUE})")
    double kappa;

    @Option(names = "--iterations", defaultValue = "3", description = "Clipping rounds; 0 = plain weighted mean (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--grow", defaultValue = "" + Combine.DEFAULT_GROW_PX, paramLabel = "PX",
            description = "Also reject a frame's pixels within PX of its values clipped beyond 2 kappa sigma (default ${DEFAULT-VALUE})")
    double grow;

    @Option(names = "--amp-frac", defaultValue = "" + Combine.DEFAULT_AMP_FRAC, paramLabel = "F",
            description = "Fraction of the signal added to the noise model, for seeing differences (default ${DEFAULT-VALUE})")
    double ampFrac;

    @Mixin
    RegistrationOptions registration = new RegistrationOptions();

    @Override
    public Integer call() throws IOException {
        SkySiftConfig cfg = registration.config();
        Combine how = combine();
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(fits|fit|fts)")) {
            throw new ConfigException("--out " + out + ": expected a .fits file");
        }
        StackSettings settings;
        try {
            settings = new StackSettings(how, cfg.extract().backSize(), cfg.extract().backFiltersize(), registration.searchPx,
                    StackSettings.DEFAULT_MIN_MATCHES);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--search-px: " + e.getMessage());
        }
        List<StackFrame> input = new ArrayList<>();
        for (Path f : frames) {
            FitsImage img = ImageHdu.read(f, 0);
            input.add(new StackFrame(f.toString(), img, ImageExtraction.params(img, cfg)));
        }
        StackResult r;
        try {
            r = new Stacker(settings).stack(input);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("skysift stack: " + e.getMessage(), e);
        }
        for (FrameRegistration reg : r.registrations()) {
            System.out.println(reg.status().used()
                    ? String.format(Locale.ROOT, "skysift stack: %s: %s, %d stars, %d matches, rms %.3f px", reg.name(),
                    reg.status().label(), reg.stars(), reg.matches(), reg.rmsPx())
                    : String.format(Locale.ROOT, "skysift stack: %s: %s, skipped: %s", reg.name(), reg.status().label(),
                    reg.reason()));
        }
        FitsImage ref = input.get(0).image();
        StackFits.write(out, r, ref.header(), keywords(r, ref, how));
        System.out.printf(Locale.ROOT, "skysift stack: %d of %d frames, %s, background rms %.3f -> %.3f: noise gain"
                        + " %.2fx -> %s (HDUs: stack, WEIGHT, NFRAMES) (stars and registration %.0f ms, resampling"
                        + " %.0f ms, combining %.0f ms)%n", r.framesUsed(), frames.size(),
                how.method() == Combine.Method.MEAN ? String.format(Locale.ROOT, "clipped mean (kappa %s, %d iterations)",
                        kappa, iterations) : "median", r.referenceRms(), r.stackRms(), r.noiseGain(), out,
                r.timing().prepareNanos() / 1e6, r.timing().resampleNanos() / 1e6, r.timing().combineNanos() / 1e6);
        return SkySift.OK;
    }

    private Combine combine() {
        try {
            return switch (combine.toLowerCase(Locale.ROOT)) {
                case "mean" -> new Combine(Combine.Method.MEAN, kappa, iterations, ampFrac, grow);
                case "median" -> new Combine(Combine.Method.MEDIAN, kappa, iterations, ampFrac, 0);
                default -> throw new ConfigException("--combine " + combine + ": expected mean or median");
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException("skysift stack: " + e.getMessage());
        }
    }

    /**
     * NCOMBINE and the method, and the stack's GAIN: a weighted mean of frames of weights w_i has the
     * Poisson noise of a frame with gain g_ref sum(w) / w_ref (the median about 2 / pi of that).
     */
    private static Map<String, Object> keywords(StackResult r, FitsImage ref, Combine how) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("NCOMBINE", r.framesUsed());
        k.put("COMBINET", how.method().name());
        if (how.method() == Combine.Method.MEAN) {
            k.put("CLIPKAPP", how.kappa());
            k.put("CLIPITER", how.iterations());
        }
        double gain = ref.header().getDouble("GAIN", 0);
        int centre = (r.height() / 2) * r.width() + r.width() / 2;
        double wRef = 1 / (r.referenceRms() * r.referenceRms());
        double wSum = r.weight()[centre];
        if (gain > 0 && wSum > 0) {
            k.put("GAIN", gain * wSum / wRef * (how.method() == Combine.Method.MEDIAN ? 2 / Math.PI : 1));
        }
        return k;
    }
}
