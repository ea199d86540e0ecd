package org.skysift.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.skysift.acquire.BodyCheck;
import org.skysift.acquire.FetchPolicy;
import org.skysift.acquire.FilesImageSource;
import org.skysift.acquire.HttpFetcher;
import org.skysift.acquire.HttpFetchers;
import org.skysift.acquire.HttpImageSource;
import org.skysift.acquire.ImageCache;
import org.skysift.acquire.ImageServices;
import org.skysift.acquire.ImageSource;
import org.skysift.acquire.Sleeper;
import org.skysift.acquire.SyntheticImageSource;
import org.skysift.catalog.FilesReferenceCatalog;
import org.skysift.catalog.PartitionedParquetCatalog;
import org.skysift.catalog.TextFetcher;
import org.skysift.catalog.VizierReferenceCatalog;
import org.skysift.catalog.VotableReferenceCatalog;
import org.skysift.catalog.ReferenceCatalog;
import org.skysift.catalog.SyntheticReferenceCatalog;
import org.skysift.config.ConfigException;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Kernel;
import org.skysift.extract.StarClassifier;
import org.skysift.extract.psf.PsfParams;
import org.skysift.fits.FitsHeader;
import org.skysift.io.HadoopFiles;
import org.skysift.extract.Extractor;
import org.skysift.extract.SourceExtractor;
import org.skysift.match.Matcher;
import org.skysift.match.NearestMatcher;
import org.skysift.synth.Realism;
import org.skysift.synth.SkyModel;
import org.skysift.synth.SyntheticSky;

/** Builds each stage's implementation from the config: the one place a stage is swapped. */
public final class Stages {
    private Stages() {}

    public static SkyModel skyModel(SkySiftConfig c) {
        return new SkyModel(c.synthetic(), c.image().pixelScaleArcsec());
    }

    public static SyntheticSky sky(SkySiftConfig c) {
        return new SyntheticSky(skyModel(c));
    }

    public static ImageSource imageSource(SkySiftConfig c, Configuration conf) {
        return imageSource(c, c.image(), conf);
    }

    /** The image source of one image section (the top-level one, or an epoch's: see {@link #epochImage}). */
    public static ImageSource imageSource(SkySiftConfig c, SkySiftConfig.Image image, Configuration conf) {
        return switch (image.source()) {
            case "synthetic" -> new SyntheticImageSource(sky(c), realism(c));
            case "files" -> new FilesImageSource(image.path(), conf);
            case "dss", "eso-dss", "hips2fits" -> httpSource(c, image, conf);
            default -> throw new IllegalArgumentException("image.source " + image.source());
        };
    }

    public static Realism realism(SkySiftConfig c) {
        return c.synthetic().realism().equals("plate") ? Realism.PLATE : Realism.NONE;
    }

    /** The image section of epoch k: the top-level one with the epoch's keys over it. */
    public static SkySiftConfig.Image epochImage(SkySiftConfig c, int k) {
        return org.skysift.config.ConfigLoader.epochImage(c.image(), c.epochs().list().get(k).image(),
                "epochs.list[" + k + "].image");
    }

    /** The synthetic epochs of the config, in list order, with the top-level synthetic seeing where unset. */
    public static java.util.List<org.skysift.synth.SyntheticEpoch> syntheticEpochs(SkySiftConfig c) {
        var s = c.synthetic();
        int ref = c.epochs().referenceIndex();
        java.util.List<org.skysift.synth.SyntheticEpoch> out = new java.util.ArrayList<>();
        for (int k = 0; k < c.epochs().list().size(); k++) {
            var e = c.epochs().list().get(k);
            var es = e.synthetic();
            var ch = es.changes();
            double fMin = es.fwhmMin() != null ? es.fwhmMin() : s.fwhmMin();
            double fMax = es.fwhmMax() != null ? es.fwhmMax() : Math.max(fMin, s.fwhmMax());
            var changes = k == ref ? org.skysift.synth.EpochChanges.NONE
                    : new org.skysift.synth.EpochChanges(ch.appeared(), ch.vanished(), ch.brightened(), ch.faded(),
                    ch.amplitudeMinMag(), ch.amplitudeMaxMag(), ch.magBright(), ch.magFaint());
            out.add(new org.skysift.synth.SyntheticEpoch(e.name(),
                    es.year() != null ? es.year() : (s.epochMin() + s.epochMax()) / 2, fMin, fMax, es.offsetArcsec(),
                    e.frames(), changes));
        }
        return out;
    }

    /** Frame stacking of one epoch: stack.* with extract's background mesh and difference.search_px. */
    public static org.skysift.epochs.StackSettings stackSettings(SkySiftConfig c) {
        var st = c.stack();
        var combine = st.combine().equals("median")
                ? new org.skysift.epochs.Combine(org.skysift.epochs.Combine.Method.MEDIAN, st.kappa(), st.iterations(),
                st.ampFrac(), 0)
                : new org.skysift.epochs.Combine(org.skysift.epochs.Combine.Method.MEAN, st.kappa(), st.iterations(),
                st.ampFrac(), st.grow());
        return new org.skysift.epochs.StackSettings(combine, c.extract().backSize(), c.extract().backFiltersize(),
                c.difference().searchPx(), org.skysift.epochs.StackSettings.DEFAULT_MIN_MATCHES);
    }

    /** Difference imaging against the reference epoch: difference.* with extract's background mesh. */
    public static org.skysift.epochs.DiffSettings diffSettings(SkySiftConfig c) {
        var d = c.difference();
        return new org.skysift.epochs.DiffSettings(d.threshold(), d.epochSnr(), c.extract().backSize(),
                c.extract().backFiltersize(), d.searchPx(), org.skysift.epochs.StackSettings.DEFAULT_MIN_MATCHES,
                org.skysift.epochs.DiffMethod.parse(d.method()));
    }

    /** The HTTP image services in fallback order, with the retry policy and the image cache. */
    public static HttpImageSource httpSource(SkySiftConfig c, Configuration conf) {
        return httpSource(c, c.image(), conf);
    }

    /** The services of one image section, fetched under the http section's limits, trust and token. */
    public static HttpImageSource httpSource(SkySiftConfig c, SkySiftConfig.Image i, Configuration conf) {
        FetchPolicy policy = FetchPolicy.of(i.retries(), i.backoff(), i.timeoutS(), i.maxBytes())
                .withMaxRetryAfterMs(Math.round(i.maxRetryAfterS() * 1000));
        var services = ImageServices.create(i.services(), i.survey(), i.hips(), i.endpoint(), i.pixelScaleArcsec());
        // the token goes to the endpoints the user named, never to a public default
        java.util.List<java.net.URI> named = i.endpoint().stream().filter(e -> e != null && !e.isBlank())
                .map(java.net.URI::create).toList();
        return new HttpImageSource(services, HttpFetchers.create(c.http(), policy, BodyCheck.FITS, named, conf),
                new ImageCache(i.cache(), conf));
    }

    /**
     * VizieR requests through the image downloads' client: the same retries, backoff and Retry-After,
     * with a check that refuses HTML error pages instead of the FITS check.
     */
    static TextFetcher catalogFetcher(SkySiftConfig c, Configuration conf) {
        return catalogFetcher(c, conf, Sleeper.REAL);
    }

    /** With the waits between attempts going to {@code sleeper} (tests record them instead of waiting). */
    static TextFetcher catalogFetcher(SkySiftConfig c, Configuration conf, Sleeper sleeper) {
        var i = c.image();
        FetchPolicy policy = FetchPolicy.of(i.retries(), i.backoff(), c.reference().timeoutS(), i.maxBytes())
                .withMaxRetryAfterMs(Math.round(i.maxRetryAfterS() * 1000));
        String ep = c.reference().endpoint();
        HttpFetcher fetcher = HttpFetchers.create(c.http(), policy, BodyCheck.CATALOG_TEXT,
                ep == null || ep.isBlank() ? java.util.List.of() : java.util.List.of(java.net.URI.create(ep)), conf,
                sleeper);
        return uri -> new TextFetcher.Response(200, fetcher.fetch(uri).bytes(), null);
    }

    public static ReferenceCatalog reference(SkySiftConfig c, Configuration conf) {
        return switch (c.reference().kind()) {
            case "synthetic" -> new SyntheticReferenceCatalog(sky(c));
            case "files" -> {
                PartitionedParquetCatalog parts = PartitionedParquetCatalog.openIfPartitioned(c.reference().path(), conf);
                yield parts != null ? parts : FilesReferenceCatalog.open(c.reference().path(), conf);
            }
            case "vizier" -> {
                var r = c.reference();
                yield VizierReferenceCatalog.open(r.catalog(), r.magColumns(), r.endpoint(), r.format(), r.maxRows(),
                        r.maxDepth(), r.cache(), conf, catalogFetcher(c, conf));
            }
            case "votable" -> VotableReferenceCatalog.open(c.reference().path(), conf,
                    c.reference().epoch() == null ? Double.NaN : c.reference().epoch());
            default -> throw new IllegalArgumentException("reference.kind " + c.reference().kind());
        };
    }

    /**
     * Extraction settings for one image: the config's extract section, the gain from the config or the
     * header's GAIN, the saturation level from extract.saturation or the given detected level.
     */
    public static org.skysift.calibrate.astrometry.RefitParams refitParams(SkySiftConfig c) {
        var a = c.astrometry();
        return new org.skysift.calibrate.astrometry.RefitParams(a.refit(), a.degree(), a.minStars(), a.clipSigma(),
                a.grid(), a.minSnr());
    }

    public static ExtractParams extractParams(SkySiftConfig c, FitsHeader header, double detectedSaturation) {
        var ex = c.extract();
        double gain = ex.gain() > 0 ? ex.gain() : header.getDouble("GAIN", 0.0);
        if (!(gain >= 0 && gain < Double.POSITIVE_INFINITY)) {
            throw new org.skysift.fits.FitsFormatException("header keyword GAIN = " + header.getString("GAIN")
                    + " is not a gain (e-/ADU, 0 or more); set extract.gain to override it");
        }
        double saturation = ex.saturation() != null ? ex.saturation() : detectedSaturation;
        Kernel kernel = ex.filterName() == null || ex.filterName().isBlank() ? null
                : KERNELS.computeIfAbsent(ex.filterName(), Stages::readKernel);
        return new ExtractParams(ex.detectThresh(), ex.detectMinarea(), ex.filterFwhm(), kernel,
                toArray(ex.aperDiameters()), gain, saturation, ex.deblendNthresh(), ex.deblendMincont(), ex.clean(),
                ex.cleanParam(), ex.kronFactor(), ex.kronMinRadius(), toArray(ex.fluxFractions()), ex.flagNeighbours());
    }

    /** Filter kernels by file, read once per JVM rather than once per tile. */
    private static final java.util.Map<String, Kernel> KERNELS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Kernel readKernel(String file) {
        try {
            return Kernel.read(HadoopFiles.localPath(file));
        } catch (java.io.IOException | RuntimeException e) {
            throw new ConfigException("extract.filter_name " + file + ": " + e.getMessage(), e);
        }
    }

    /** Star/galaxy classifiers by extract.starnnw_name, read once per JVM; empty when CLASS_STAR is off. */
    private static final java.util.Map<String, java.util.Optional<StarClassifier>> CLASSIFIERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The CLASS_STAR network named by extract.starnnw_name, or null when there is none: "none" turns it
     * off, "auto" takes Debian's default.nnw when the source-extractor package is installed (the job
     * runs without it: class_star is then null). A named file that cannot be read is a config error.
     */
    public static StarClassifier starClassifier(SkySiftConfig c) {
        return CLASSIFIERS.computeIfAbsent(c.extract().starnnwName(), Stages::readClassifier).orElse(null);
    }

    /**
     * CLASS_STAR of a tile's sources (NaN where it cannot be had), or null when CLASS_STAR is off. The
     * seeing is the tile's PSF model FWHM, else extract.seeing_fwhm, else the median FWHM_IMAGE
     * ({@link StarClassifier#seeingPx}).
     */
    public static double[] classStar(SkySiftConfig c, java.util.List<org.skysift.extract.Source> sources,
                                     org.skysift.extract.psf.PsfModel psf, double pixelScale, Double medianFwhmPx) {
        StarClassifier sc = starClassifier(c);
        if (sc == null) {
            return null;
        }
        double seeing = StarClassifier.seeingPx(psf, c.extract().seeingFwhm(), pixelScale,
                medianFwhmPx == null ? Double.NaN : medianFwhmPx);
        return sc.classify(sources, seeing, pixelScale);
    }

    /**
     * The median FWHM_IMAGE of a tile's clean sources (no flag, SNR_WIN above 20), the seeing of last
     * resort for CLASS_STAR; null when there is none.
     */
    public static Double medianCleanFwhm(java.util.List<org.skysift.extract.Source> sources) {
        double[] v = sources.stream().filter(s -> s.flags() == 0 && s.snr() > 20 && Double.isFinite(s.fwhm()))
                .mapToDouble(org.skysift.extract.Source::fwhm).sorted().toArray();
        int n = v.length;
        return n == 0 ? null : n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    private static java.util.Optional<StarClassifier> readClassifier(String name) {
        String file = name;
        if (name.equals("none")) {
            return java.util.Optional.empty();
        }
        if (name.equals("auto")) {
            if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(StarClassifier.DEBIAN_NNW))) {
                return java.util.Optional.empty();
            }
            file = StarClassifier.DEBIAN_NNW;
        }
        try {
            return java.util.Optional.of(
                    StarClassifier.read(HadoopFiles.localPath(file)));
        } catch (java.io.IOException | RuntimeException e) {
            throw new ConfigException("extract.starnnw_name " + file + ": " + e.getMessage(), e);
        }
    }

    private static double[] toArray(java.util.List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Pass-2 settings from the config's extract.psf section, with the image's gain. */
    public static PsfParams psfParams(SkySiftConfig.Psf p, double gain) {
        return new PsfParams(p.oversampling(), p.degree(), p.radiusPx(), p.minSnr(), p.maxElongation(), p.fwhmClip(),
                p.maxStars(), p.minStars(), p.starsPerTerm(), p.iterations(), p.fitRadiusFwhm(), gain,
                p.subtractNeighbours());
    }

    public static SourceExtractor extractor(SkySiftConfig c) {
        return new Extractor();
    }

    public static Matcher matcher(SkySiftConfig c) {
        return new NearestMatcher();
    }
}
