package org.skysift.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.calibrate.SaturationLevel;
import org.skysift.config.SkySiftConfig;
import org.skysift.pipeline.Stages;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Extractor;
import org.skysift.extract.Source;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsException;
import org.skysift.wcs.WcsReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs pass-1 extraction on one FITS image and writes a catalogue with SExtractor's column names,
 * plus ALPHA_J2000/DELTA_J2000 (from X_IMAGE/Y_IMAGE) when the header has a TAN WCS.
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Extracts sources from one FITS image into a SExtractor-style CSV catalogue.")
final class ExtractCommand implements Callable<Integer> {
    @Option(names = "--image", required = true, paramLabel = "FILE", description = "FITS image (plain or gzip)")
    Path image;

    @Option(names = "--hdu", defaultValue = "0", description = "HDU holding the image (only 0 today)")
    int hdu;

    @Option(names = "--config", paramLabel = "FILE", description = "Config whose extract section to use")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. extract.detect_thresh=3")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "CATALOG.csv", description = "Output catalogue (.csv)")
    Path out;

    @Override
    public Integer call() throws IOException {
        SkySiftConfig cfg = ConfigLoader.load(config, overrides);
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv")) {
            throw new ConfigException("--out " + out + ": only .csv catalogues are written by this command");
        }
        if (hdu != 0) {
            throw new ConfigException("--hdu " + hdu + ": only the primary HDU (0) can be read");
        }
        if (!Files.isRegularFile(image)) {
            throw new ConfigException("--image " + image + ": file not found");
        }
        FitsImage img;
        try (InputStream in = Files.newInputStream(image)) {
            img = FitsReader.read(in, image.toString());
        }
        Wcs wcs = null;
        try {
            wcs = WcsReader.fromHeader(img.header());
        } catch (WcsException e) {
            System.err.println("skysift extract: " + image + ": " + e.getMessage() + "; ALPHA/DELTA left empty");
        }
        var ex = cfg.extract();
        BackgroundMap bg = new BackgroundEstimator(ex.backSize(), ex.backFiltersize())
                .estimate(img.data(), img.width(), img.height());
        ExtractParams p = Stages.extractParams(cfg, img.header(), SaturationLevel.of(img));
        List<Source> sources = new Extractor().extract(img.data(), img.width(), img.height(), bg, p);
        write(sources, wcs, p, ex.magZeropoint());
        System.out.printf(Locale.ROOT, "skysift extract: %s %dx%d, background %.2f rms %.3f, %d sources -> %s%n",
                image, img.width(), img.height(), bg.globalLevel(), bg.globalRms(), sources.size(), out);
        return SkySift.OK;
    }

    private void write(List<Source> sources, Wcs wcs, ExtractParams p, double zp) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int na = p.aperDiameters().length, nf = p.fluxFractions().length;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            StringBuilder h = new StringBuilder("NUMBER,X_IMAGE,Y_IMAGE,XWIN_IMAGE,YWIN_IMAGE,ALPHA_J2000,DELTA_J2000,"
                    + "X2_IMAGE,Y2_IMAGE,XY_IMAGE,A_IMAGE,B_IMAGE,THETA_IMAGE,ELONGATION,ELLIPTICITY,FWHM_IMAGE,"
                    + "FLUX_ISO,FLUXERR_ISO,MAG_ISO,MAGERR_ISO,FLUX_AUTO,FLUXERR_AUTO,MAG_AUTO,MAGERR_AUTO,KRON_RADIUS");
            for (int k = 1; k <= na; k++) {
                h.append(",FLUX_APER_").append(k).append(",FLUXERR_APER_").append(k)
                        .append(",MAG_APER_").append(k).append(",MAGERR_APER_").append(k);
            }
            h.append(",FLUX_MAX");
            for (int k = 1; k <= nf; k++) {
                h.append(",FLUX_RADIUS_").append(k);
            }
            h.append(",SNR_WIN,ISOAREA_IMAGE,BACKGROUND,XMIN_IMAGE,XMAX_IMAGE,YMIN_IMAGE,YMAX_IMAGE,FLAGS");
            w.println(h);
            for (Source s : sources) {
                double[] sky = wcs == null ? null : wcs.pixelToSky(s.xIso(), s.yIso());
                StringBuilder r = new StringBuilder();
                r.append(s.id());
                num(r, s.xIso(), "%.4f");
                num(r, s.yIso(), "%.4f");
                num(r, s.x(), "%.4f");
                num(r, s.y(), "%.4f");
                num(r, sky == null ? Double.NaN : sky[0], "%.7f");
                num(r, sky == null ? Double.NaN : sky[1], "%.7f");
                num(r, s.x2(), "%.6g");
                num(r, s.y2(), "%.6g");
                num(r, s.xy(), "%.6g");
                num(r, s.a(), "%.4f");
                num(r, s.b(), "%.4f");
                num(r, s.theta(), "%.2f");
                num(r, s.elongation(), "%.4f");
                num(r, s.ellipticity(), "%.4f");
                num(r, s.fwhm(), "%.3f");
                photometry(r, s.fluxIso(), s.fluxerrIso(), zp);
                photometry(r, s.fluxAuto(), s.fluxerrAuto(), zp);
                num(r, s.kronRadius(), "%.3f");
                for (int k = 0; k < na; k++) {
                    photometry(r, s.fluxAper()[k], s.fluxerrAper()[k], zp);
                }
                num(r, s.fluxMax(), "%.6g");
                for (int k = 0; k < nf; k++) {
                    num(r, s.fluxRadius()[k], "%.3f");
                }
                num(r, s.snr(), "%.2f");
                r.append(',').append(s.isoarea());
                num(r, s.background(), "%.3f");
                r.append(',').append(s.xmin()).append(',').append(s.xmax()).append(',').append(s.ymin())
                        .append(',').append(s.ymax()).append(',').append(s.flags());
                w.println(r);
            }
        }
    }

    private static void photometry(StringBuilder r, double flux, double err, double zp) {
        num(r, flux, "%.6g");
        num(r, err, "%.6g");
        num(r, Source.mag(flux, zp), "%.4f");
        num(r, Source.magErr(flux, err), "%.4f");
    }

    /** Appends ",value"; NaN and infinities become an empty field. */
    private static void num(StringBuilder r, double v, String fmt) {
        r.append(',');
        if (Double.isFinite(v)) {
            r.append(String.format(Locale.ROOT, fmt, v));
        }
    }
}
