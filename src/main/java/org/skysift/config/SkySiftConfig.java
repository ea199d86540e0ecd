package org.skysift.config;

import java.io.Serializable;
import java.util.List;

/**
 * The whole job configuration. Keys are the snake_case forms of the component names; every key has
 * the default given in {@link #defaults()} and documented in conf/reference.yaml.
 */
public record SkySiftConfig(
        String runId,
        String output,
        boolean failFast,
        double lockStaleMinutes,
        Targets targets,
        Tiling tiling,
        Image image,
        Http http,
        Calibrate calibrate,
        Synthetic synthetic,
        Extract extract,
        Reference reference,
        Match match,
        Astrometry astrometry,
        Candidates candidates,
        Report report,
        Epochs epochs,
        Stack stack,
        Difference difference,
        Lightcurves lightcurves) implements Serializable {

    /**
     * Where to look. fibonacci: count points; csv: a file of positions; cone / box / healpix: a sky region
     * covered with every tile it needs (ra, dec, radius_deg; ra_min, ra_max, dec_min, dec_max; order, pixels).
     */
    public record Targets(String kind, long count, long seed, String path, int healpixOrder, Double ra, Double dec,
                          Double radiusDeg, Double raMin, Double raMax, Double decMin, Double decMax, Integer order,
                          List<Long> pixels) implements Serializable {

        /** The same targets read from another file. */
        public Targets withPath(String newPath) {
            return new Targets(kind, count, seed, newPath, healpixOrder, ra, dec, radiusDeg, raMin, raMax, decMin, decMax,
                    order, pixels);
        }
    }

    public record Tiling(String mode, double tileArcmin, int tilesPerPartition) implements Serializable {}

    public record Image(
            String source,
            String path,
            String list,
            double pixelScaleArcsec,
            String survey,
            String hips,
            List<String> endpoint,
            List<String> fallback,
            String cache,
            int retries,
            double backoff,
            double timeoutS,
            int maxConcurrent,
            long maxBytes,
            long maxPixels,
            double maxRetryAfterS) implements Serializable {

        /** The HTTP services to try in order (empty for synthetic and files). */
        public List<String> services() {
            if (!source.equals("dss") && !source.equals("eso-dss") && !source.equals("hips2fits")) {
                return List.of();
            }
            java.util.List<String> s = new java.util.ArrayList<>();
            s.add(source);
            s.addAll(fallback);
            return List.copyOf(s);
        }
    }

    /**
     * Every HTTP request of the run (image services and VizieR): TLS trust, credentials and limits.
     *
     * @param truststore         CAs trusted besides the JDK's (PKCS12, JKS or PEM; a Hadoop or local path)
     * @param truststorePassword the truststore's password (a secret: never written anywhere)
     * @param bearerToken        sent as {@code Authorization: Bearer} only to the hosts of image.endpoint
     *                           (and of the epochs' endpoints) and reference.endpoint (a secret)
     * @param totalTimeoutS      the most one request may take, redirects and a trickling body included
     * @param maxRedirects       redirects followed per request (never from https to http)
     */
    public record Http(String truststore, String truststorePassword, String bearerToken, double totalTimeoutS,
                       int maxRedirects) implements Serializable {
        @Override
        public String toString() {
            return "Http[truststore=" + truststore + ", truststorePassword=" + (truststorePassword == null ? null : "***")
                    + ", bearerToken=" + (bearerToken == null ? null : "***") + ", totalTimeoutS=" + totalTimeoutS
                    + ", maxRedirects=" + maxRedirects + "]";
        }
    }

    /** Master calibration frames (FITS on Hadoop paths), each optional. */
    public record Calibrate(String bias, String dark, String flat) implements Serializable {}

    public record Synthetic(
            long seed,
            double starDensity,
            double magBright,
            double magFaint,
            double lfSlope,
            double vanishedDensity,
            double vanishedMagBright,
            double vanishedMagFaint,
            double zeroPoint,
            double skyLevel,
            double skyGradient,
            double fwhmMin,
            double fwhmMax,
            double moffatBeta,
            double gain,
            double readNoise,
            double saturation,
            double epochMin,
            double epochMax,
            String realism,
            double distortionArcsec,
            Emulsion emulsion) implements Serializable {}

    /** The synthetic plate's response (synth.EmulsionResponse): linear, or a photographic characteristic curve. */
    public record Emulsion(String response, double gamma, double knee, double fog, double plateau)
            implements Serializable {}

    public record Extract(
            double detectThresh,
            int detectMinarea,
            double filterFwhm,
            String filterName,
            int backSize,
            int backFiltersize,
            int deblendNthresh,
            double deblendMincont,
            boolean clean,
            double cleanParam,
            List<Double> aperDiameters,
            double kronFactor,
            double kronMinRadius,
            List<Double> fluxFractions,
            boolean flagNeighbours,
            Double saturation,
            double magZeropoint,
            double gain,
            boolean psfPass,
            double seeingFwhm,
            String starnnwName,
            Psf psf) implements Serializable {}

    /** The PSF model (PSFEx-like) and pass-2 PSF photometry. */
    public record Psf(
            int oversampling,
            int degree,
            int radiusPx,
            double minSnr,
            double maxElongation,
            double fwhmClip,
            int maxStars,
            int minStars,
            int starsPerTerm,
            int iterations,
            double fitRadiusFwhm,
            boolean subtractNeighbours) implements Serializable {}

    public record Reference(
            String kind,
            String path,
            String catalog,
            String endpoint,
            String format,
            String cache,
            int maxRows,
            int maxDepth,
            List<String> magColumns,
            Double epoch,
            boolean propagate,
            double timeoutS,
            String distributed,
            double inMemoryMaxMb) implements Serializable {}

    public record Match(double radiusArcsec, Photometry photometry) implements Serializable {}

    /** Per-tile photometric calibration on the matched stars (calibrate.photometry). */
    public record Photometry(boolean curve, int minStars, double minSnr, int maxSegments, double clip,
                             boolean colourTerm, int grid) implements Serializable {}

    /** Per-tile astrometric refit to the reference after the first match (calibrate.astrometry.RefitParams). */
    public record Astrometry(boolean refit, int degree, int minStars, double clipSigma, int grid, double minSnr)
            implements Serializable {}

    public record Candidates(
            double minSnr,
            double fwhmMinPx,
            double fwhmMaxPx,
            double maxElongation,
            double minSpreadModel,
            double minExtentPx,
            double maxExtentDiffPx,
            double shapeSigma,
            double brightMag,
            double brightRadiusArcsec,
            double spikeLengthFactor,
            double spikeHalfWidthPx,
            double edgeMarginPx) implements Serializable {}

    /**
     * What the run writes for people besides the tables: each switch turns one output on or off
     * (summary.json/md and manifest.json are always written).
     */
    public record Report(
            double injectionRadiusArcsec,
            boolean progress,
            boolean metrics,
            boolean plots,
            boolean cutouts,
            int cutoutSizePx,
            double cutoutNeighbourArcsec,
            boolean html,
            boolean dashboard,
            boolean hats,
            long hatsMaxRows,
            boolean zip) implements Serializable {}

    /**
     * Several images of each tile taken at different times (docs/EPOCHS.md, "Epochs in the survey job").
     * An empty list is the single-image run.
     *
     * @param list      the epochs, each an image source with its own frames
     * @param reference name of the reference epoch (the one the catalog comparison runs on and every other
     *                  epoch is differenced against); null = the first
     */
    public record Epochs(List<Epoch> list, String reference) implements Serializable {
        public boolean configured() {
            return list != null && !list.isEmpty();
        }

        /** Index in the list of the reference epoch (the first when none is named or the name is unknown). */
        public int referenceIndex() {
            for (int i = 0; reference != null && i < list.size(); i++) {
                if (reference.equals(list.get(i).name())) {
                    return i;
                }
            }
            return 0;
        }
    }

    /**
     * One epoch.
     *
     * @param name      unique name (also seeds a synthetic epoch's noise and changes)
     * @param frames    frames of the epoch, stacked into one image (synthetic and image.path epochs)
     * @param image     top-level image keys this epoch overrides (source, survey, path, list, hips, ...)
     * @param synthetic how a synthetic epoch is rendered
     */
    public record Epoch(String name, int frames, java.util.Map<String, Object> image, EpochSynthetic synthetic)
            implements Serializable {
        /** What a list item's missing keys default to. */
        public static Epoch defaults() {
            return new Epoch(null, 1, java.util.Map.of(), new EpochSynthetic(null, null, null, 0.0,
                    new Changes(0, 0, 0, 0, 0.3, 1.0, 14.0, 18.0)));
        }
    }

    /**
     * @param year         decimal year of the epoch (DATE-OBS); null = middle of synthetic.epoch_min..epoch_max
     * @param fwhmMin      seeing range in pixels; null = synthetic.fwhm_min / fwhm_max
     * @param offsetArcsec pointing offset of the epoch's frames from the tile centre
     */
    public record EpochSynthetic(Double year, Double fwhmMin, Double fwhmMax, double offsetArcsec, Changes changes)
            implements Serializable {}

    /** Stars injected per tile into a synthetic epoch against the reference (synth.EpochChanges). */
    public record Changes(int appeared, int vanished, int brightened, int faded, double amplitudeMinMag,
                               double amplitudeMaxMag, double magBright, double magFaint) implements Serializable {}

    /** How the frames of one epoch are combined (epochs.Combine). */
    public record Stack(String combine, double kappa, int iterations, double grow, double ampFrac)
            implements Serializable {}

    /** Difference imaging of each epoch against the reference epoch (epochs.DiffSettings). */
    public record Difference(String method, double threshold, double epochSnr, double searchPx) implements Serializable {}

    /** Forced photometry of targets and sources in every epoch, and their variability. */
    public record Lightcurves(boolean enabled, boolean sources, double variableSigma) implements Serializable {}

    /** The same config with every file location passed through the function (null stays null). */
    public SkySiftConfig withLocations(java.util.function.UnaryOperator<String> f) {
        return new SkySiftConfig(runId, f.apply(output), failFast, lockStaleMinutes,
                targets.withPath(f.apply(targets.path())),
                tiling,
                new Image(image.source(), f.apply(image.path()), f.apply(image.list()), image.pixelScaleArcsec(),
                        image.survey(), image.hips(), image.endpoint(), image.fallback(), f.apply(image.cache()),
                        image.retries(), image.backoff(), image.timeoutS(), image.maxConcurrent(), image.maxBytes(), image.maxPixels(),
                        image.maxRetryAfterS()),
                new Http(f.apply(http.truststore()), http.truststorePassword(), http.bearerToken(), http.totalTimeoutS(),
                        http.maxRedirects()),
                new Calibrate(f.apply(calibrate.bias()), f.apply(calibrate.dark()), f.apply(calibrate.flat())),
                synthetic, extract,
                new Reference(reference.kind(), f.apply(reference.path()), reference.catalog(), reference.endpoint(),
                        reference.format(), f.apply(reference.cache()), reference.maxRows(), reference.maxDepth(),
                        reference.magColumns(), reference.epoch(), reference.propagate(), reference.timeoutS(),
                        reference.distributed(), reference.inMemoryMaxMb()),
                match, astrometry, candidates, report,
                new Epochs(epochs.list().stream().map(e -> new Epoch(e.name(), e.frames(), locations(e.image(), f),
                        e.synthetic())).toList(), epochs.reference()),
                stack, difference, lightcurves);
    }

    private static java.util.Map<String, Object> locations(java.util.Map<String, Object> image,
                                                           java.util.function.UnaryOperator<String> f) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(image);
        for (String k : List.of("path", "list", "cache")) {
            if (m.get(k) instanceof String s) {
                m.put(k, f.apply(s));
            }
        }
        return m;
    }

    public static SkySiftConfig defaults() {
        return new SkySiftConfig(
                "auto",
                "file:./out",
                false,
                30.0,
                new Targets("fibonacci", 100, 0, null, 10, null, null, null, null, null, null, null, null, List.of()),
                new Tiling("hex30", 60.0, 2),
                new Image("synthetic", null, null, 1.7, "dss1-red", "CDS/P/DSS2/red", List.of(), List.of(),
                        "file:./cache", 5, 1.5, 60, 2, 200L << 20, org.skysift.fits.FitsReader.DEFAULT_MAX_PIXELS, 300),
                new Http(null, null, null, 600, 5),
                new Calibrate(null, null, null),
                new Synthetic(42, 3000, 10.0, 20.5, 0.3, 5.0, 13.5, 17.0, 27.7, 2000, 0.05,
                        2.6, 3.4, 3.0, 1.0, 5.0, 65535, 1950.0, 1956.0, "none", 0.0,
                        new Emulsion("linear", 1.2, 15000, 2500, 13000)),
                new Extract(1.5, 5, 2.5, null, 64, 3, 32, 0.005, true, 1.0, List.of(6.0, 12.0), 2.5, 3.5, List.of(0.5),
                        true, null, 25.0, 0.0, true, 0.0, "auto", new Psf(2, 2, 0, 20, 1.3, 3.0, 250, 10, 8, 4, 1.5, true)),
                new Reference("synthetic", null, "usnob1", null, "tsv", "file:./cache/reference", 50_000, 4, List.of(),
                        null, true, 60, "auto", 256),
                new Match(5.0, new Photometry(true, 30, 10.0, 8, 3.0, true, 0)),
                new Astrometry(true, 3, 12, 3.0, 0, 20.0),
                new Candidates(30.0, 2.0, 7.0, 1.3, -0.002, 1.0, 2.0, 2.0, 12.0, 30.0, 3.0, 2.0, 20.0),
                new Report(3.0, true, true, true, true, 64, 15.0, true, true, true, 1_000_000L, false),
                new Epochs(List.of(), null),
                new Stack("mean", 3.0, 3, 2.5, 0.1),
                new Difference("zogy", 5.0, 3.0, 10.0),
                new Lightcurves(true, true, 3.5));
    }
}
