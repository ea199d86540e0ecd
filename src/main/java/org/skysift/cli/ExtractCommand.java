package org.skysift.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.skysift.config.ConfigException;
import org.skysift.config.ConfigLoader;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.StarClassifier;
import org.skysift.fits.FitsFormatException;
import org.skysift.fits.FitsImage;
import org.skysift.pipeline.Stages;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsException;
import org.skysift.wcs.WcsReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Extracts one FITS image the way the survey job extracts a tile (background, pass 1, PSF model,
 * pass 2 unless extract.psf_pass=false) and writes a catalogue with SExtractor's column names
 * ({@link ExtractCatalog}) as CSV or Parquet. No Spark session is started.
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Extracts sources from one FITS image into a SExtractor-style CSV or Parquet catalogue.")
final class ExtractCommand implements Callable<Integer> {
    @Option(names = "--image", required = true, paramLabel = "FILE", description = "FITS image (plain or gzip)")
    Path image;

    @Option(names = "--hdu", defaultValue = "0", paramLabel = "N",
            description = "HDU holding the image: 0 = primary, 1 = first extension ... (default 0)")
    int hdu;

    @Option(names = "--config", paramLabel = "FILE", description = "Config whose extract section to use")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. extract.detect_thresh=3")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "CATALOG",
            description = "Output catalogue: .csv or .parquet")
    Path out;

    @Override
    public Integer call() throws IOException {
        SkySiftConfig cfg = ConfigLoader.load(config, overrides);
        CatalogFiles.formatOf(out);
        try {
            return extract(cfg);
        } catch (FitsFormatException e) {
            // a keyword the reader accepted but the extraction cannot use (GAIN = 'x', SATURATE = 'abc'...)
            throw new ConfigException("--image " + image + ": " + e.getMessage(), e);
        }
    }

    private int extract(SkySiftConfig cfg) throws IOException {
        FitsImage img = ImageHdu.read(image, hdu, cfg.image().maxPixels());
        Wcs wcs = null;
        try {
            var reading = WcsReader.read(img.header());
            wcs = reading.wcs();
            if (reading.warning() != null) {
                System.err.println("skysift extract: " + image + ": " + reading.warning());
            }
        } catch (WcsException e) {
            System.err.println("skysift extract: " + image + ": " + e.getMessage() + "; ALPHA/DELTA left empty");
        }
        var ex = cfg.extract();
        ExtractParams p = ImageExtraction.params(img, cfg);
        ImageExtraction.Result r = ImageExtraction.run(img, cfg);
        double[] classStar = classStar(cfg, r, wcs);
        ExtractCatalog catalog = ExtractCatalog.of(r, wcs, ex.magZeropoint(), p.aperDiameters().length,
                p.fluxFractions().length, classStar);
        CatalogFiles.write(catalog, out);
        System.out.printf(Locale.ROOT, "skysift extract: %s[%d] %dx%d, background %.2f rms %.3f, %d sources%s -> %s"
                        + " (background %.0f ms, pass 1 %.0f ms, psf %.0f ms)%n",
                image, hdu, img.width(), img.height(), r.background().globalLevel(), r.background().globalRms(),
                r.sources().size(), r.hasPsf() ? String.format(Locale.ROOT, ", psf %s from %d stars, fwhm %.2f px",
                        r.psf().origin().name().toLowerCase(Locale.ROOT), r.psf().starCount(), r.psf().fwhm()) : "",
                out, r.backgroundNanos() / 1e6, r.pass1Nanos() / 1e6, r.psfNanos() / 1e6);
        return SkySift.OK;
    }

    /**
     * CLASS_STAR as the job computes it for a tile (seeing from the PSF model, else extract.seeing_fwhm,
     * else the median FWHM_IMAGE of clean sources), or null, said on stderr, when there are no weights or
     * no WCS to give the arcsecond scale the network wants.
     */
    private double[] classStar(SkySiftConfig cfg, ImageExtraction.Result r, Wcs wcs) {
        if (Stages.starClassifier(cfg) == null) {
            String name = cfg.extract().starnnwName();
            System.err.println("skysift extract: CLASS_STAR left empty: " + (name.equals("none")
                    ? "extract.starnnw_name is none"
                    : "no star/galaxy weights at " + StarClassifier.DEBIAN_NNW + " (apt-get install source-extractor)"));
            return null;
        }
        if (wcs == null) {
            System.err.println("skysift extract: CLASS_STAR left empty: no WCS, so no pixel scale in arcsec");
            return null;
        }
        return Stages.classStar(cfg, r.sources(), r.psf(), wcs.pixelScaleArcsec(), Stages.medianCleanFwhm(r.sources()));
    }
}
