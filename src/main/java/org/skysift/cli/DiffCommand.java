package org.skysift.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.epochs.AlardLupton;
import org.skysift.epochs.DiffMethod;
import org.skysift.epochs.DiffResult;
import org.skysift.epochs.DiffSettings;
import org.skysift.epochs.Differencer;
import org.skysift.epochs.FrameRegistration;
import org.skysift.epochs.StackFrame;
import org.skysift.epochs.StackSettings;
import org.skysift.epochs.TransientKind;
import org.skysift.fits.FitsImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * ZOGY (or Alard-Lupton) difference of a new image against a reference ({@link Differencer}): one row per transient
 * (CSV or Parquet), optionally D and S_corr as FITS on the reference grid. No Spark session is started.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Registers a new image to a reference, subtracts them (ZOGY, or Alard-Lupton with --method) and lists what appeared, vanished,"
                + " brightened or faded.")
final class DiffCommand implements Callable<Integer> {
    @Option(names = "--reference", required = true, paramLabel = "FITS", description = "Reference epoch (its grid is the output's)")
    Path reference;

    @Option(names = "--new", required = true, paramLabel = "FITS", description = "New epoch")
    Path fresh;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Transients, .csv or .parquet")
    Path out;

    @Option(names = "--threshold", defaultValue = "" + DiffSettings.DEFAULT_THRESHOLD,
            description = "|S_corr| a transient needs (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--epoch-snr", defaultValue = "" + DiffSettings.DEFAULT_EPOCH_SNR,
            description = "Forced-photometry S/N that counts as present in one epoch, for the classes (default ${DEFAULT-VALUE})")
    double epochSnr;

    @Option(names = "--method", defaultValue = "zogy", paramLabel = "zogy|alard-lupton",
            description = "Subtraction: ZOGY (default) or a fitted Alard-Lupton kernel")
    String method;

    @Option(names = "--diff-out", paramLabel = "FITS", description = "Also write D (primary) and S_corr (HDU SCORR)")
    Path diffOut;

    @Mixin
    RegistrationOptions registration = new RegistrationOptions();

    @Override
    public Integer call() throws IOException {
        SkySiftConfig cfg = registration.config();
        CatalogFiles.formatOf(out);
        if (diffOut != null && !diffOut.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(fits|fit|fts)")) {
            throw new ConfigException("--diff-out " + diffOut + ": expected a .fits file");
        }
        DiffSettings settings;
        try {
            settings = new DiffSettings(threshold, epochSnr, cfg.extract().backSize(), cfg.extract().backFiltersize(),
                    registration.searchPx, StackSettings.DEFAULT_MIN_MATCHES).withMethod(DiffMethod.parse(method));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("skysift diff: " + e.getMessage());
        }
        FitsImage ref = ImageHdu.read(reference, 0), img = ImageHdu.read(fresh, 0);
        long t0 = System.nanoTime();
        DiffResult r;
        try {
            r = new Differencer(settings).diff(new StackFrame(reference.toString(), ref, ImageExtraction.params(ref, cfg)),
                    new StackFrame(fresh.toString(), img, ImageExtraction.params(img, cfg)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("skysift diff: " + e.getMessage(), e);
        }
        long t1 = System.nanoTime();
        TransientFiles.write(r.transients(), out);
        if (diffOut != null) {
            writeDiff(r, ref, settings.method());
        }
        FrameRegistration reg = r.registration();
        System.out.printf(Locale.ROOT, "skysift diff: %s on %s: %d star pairs, registration rms %.3f px; flux scale %.4f"
                        + " (%d stars); FWHM %.2f / %.2f px; background sigma %.3g / %.3g%n", fresh, reference,
                reg.matches(), reg.rmsPx(), r.fluxScale(), r.scaleStars(), r.fwhmRef(), r.fwhmNew(), r.sigmaRef(),
                r.sigmaNew());
        if (settings.method() == DiffMethod.ALARD_LUPTON) {
            System.out.println("skysift diff: " + AlardLupton.describe(r));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TransientKind k : TransientKind.values()) {
            counts.put(k.label(), r.count(k));
        }
        System.out.printf(Locale.ROOT, "skysift diff: S_corr std %.3f over %.1f%% of the pixels (rest masked or near a"
                        + " mask); %d transients at |S_corr| >= %s: %s -> %s (%.0f ms)%n", r.scorrStd(),
                100 * (1 - r.guardedFraction()), r.transients().size(), threshold, counts, out, (t1 - t0) / 1e6);
        return SkySift.OK;
    }

    private void writeDiff(DiffResult r, FitsImage ref, DiffMethod m) throws IOException {
        int w = r.width(), h = r.height();
        float[][] d = new float[h][w], s = new float[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(r.d(), y * w, d[y], 0, w);
            System.arraycopy(r.scorr(), y * w, s[y], 0, w);
            for (int x = 0; x < w; x++) {
                if (r.guard()[y * w + x]) {
                    s[y][x] = Float.NaN; // not searched: masked or too near a mask
                }
            }
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("FLUXSCAL", r.fluxScale());
        boolean zogy = m == DiffMethod.ZOGY;
        keys.put(zogy ? "ZOGYFS" : "ALSUMP2", r.fluxPerS());
        StackFits.write(diffOut, ref.header(), List.of(
                new StackFits.Plane(d, keys, null, zogy ? "ZOGY proper difference D (unit noise) on the reference grid"
                        : "Alard-Lupton difference D, new minus reference in reference counts"),
                new StackFits.Plane(s, Map.of(), "SCORR", (zogy ? "ZOGY S_corr" : "matched-filter significance")
                        + "; NaN where not searched")));
    }
}
