package org.skysift.pipeline;

import java.io.Serializable;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.skysift.acquire.AcquireFailedException;
import org.skysift.acquire.AcquireOutcome;
import org.skysift.acquire.AcquiredImage;
import org.skysift.acquire.HttpImageSource;
import org.skysift.acquire.ImageSource;
import org.skysift.calibrate.BackgroundEstimator;
import org.skysift.calibrate.BackgroundMap;
import org.skysift.calibrate.CalibrationFrames;
import org.skysift.calibrate.CcdCalibration;
import org.skysift.calibrate.QualityMetrics;
import org.skysift.calibrate.photometry.PhotometricFit;
import org.skysift.calibrate.SaturationLevel;
import org.skysift.calibrate.astrometry.TileRefit;
import org.skysift.catalog.ConeAnswer;
import org.skysift.catalog.RefStar;
import org.skysift.catalog.VizierReferenceCatalog;
import org.skysift.catalog.ReferenceCatalog;
import org.skysift.config.SkySiftConfig;
import org.skysift.extract.ExtractParams;
import org.skysift.extract.Source;
import org.skysift.extract.SourceExtractor;
import org.skysift.extract.psf.PassTwo;
import org.skysift.extract.psf.PsfMeasurements;
import org.skysift.fits.FitsFormatException;
import org.skysift.fits.DateObs;
import org.skysift.fits.FitsImage;
import org.skysift.fits.FitsReader;
import org.skysift.match.Match;
import org.skysift.match.Matcher;
import org.skysift.match.NearestMatcher;
import org.skysift.pipeline.TileOutcome.Stage;
import org.skysift.pipeline.progress.TileCounters;
import org.skysift.pipeline.resume.FirstAttemptFault;
import org.skysift.pipeline.resume.TileCheckpoints;
import org.skysift.sky.Healpix;
import org.skysift.synth.RenderedTile;
import org.skysift.wcs.Wcs;
import org.skysift.wcs.WcsReader;
import org.skysift.wcs.WcsReading;

/**
 * Executor side: runs one tile through acquire, validate, calibrate, extract, reference, match and
 * detect. A failure in any stage becomes a failed tile row (or a TileFailedException with --fail-fast).
 */
public final class TileProcessor implements Serializable {
    private static final int MIN_ZP_STARS = 5;
    private static final double ZP_MIN_SNR = 20;

    private final SkySiftConfig config;
    private final HadoopConf hadoop;
    private transient ImageSource images;
    private transient ReferenceCatalog reference;
    private transient SourceExtractor extractor;
    private transient Matcher matcher;
    private transient EpochStage epochs;

    private final Broadcast<Map<Long, AcquireOutcome>> prefetched;
    private final String runDir;
    private final TileCheckpoints checkpoints;

    /**
     * @param prefetched outcomes of the acquire stage by tile id, or null when images are read directly
     * @param runDir the run folder (qualified), where per-tile files such as candidate cutouts go
     * @param checkpoints where each finished tile's result is kept for a resumed run, or null
     */
    public TileProcessor(SkySiftConfig config, HadoopConf hadoop, Broadcast<Map<Long, AcquireOutcome>> prefetched,
                         String runDir, TileCheckpoints checkpoints) {
        this.config = config;
        this.hadoop = hadoop;
        this.prefetched = prefetched;
        this.runDir = runDir;
        this.checkpoints = checkpoints;
    }

    /**
     * Processes a partition's tiles one at a time, counting each on the driver's progress counters and
     * keeping its result in a checkpoint as it goes (so a driver lost later loses no finished tile).
     */
    public Iterator<TileResult> processAll(Iterator<TileWork> works, TileCounters counters) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return works.hasNext();
            }

            @Override
            public TileResult next() {
                TileWork work = works.next();
                counters.tileStarted();
                TileResult r = process(work);
                if (checkpoints != null) {
                    checkpoints.keep(r);
                }
                FirstAttemptFault.check(r.tile().tileId());
                counters.tileFinished("failed".equals(r.tile().status()));
                return r;
            }
        };
    }

    private void init() {
        if (images == null) {
            images = Stages.imageSource(config, hadoop.get());
            extractor = Stages.extractor(config);
            matcher = Stages.matcher(config);
            epochs = config.epochs().configured() ? new EpochStage(config, hadoop.get()) : null;
        }
    }

    public TileResult process(TileWork work) {
        init();
        TileOutcome out = new TileOutcome(work.request().tile(), work.nTargets());
        out.startedAt = new Timestamp(System.currentTimeMillis());
        out.executorId = executorId();
        out.host = hostName();
        Stage stage = Stage.ACQUIRE;
        List<SourceRow> sourceRows = List.of();
        List<MatchRow> matchRows = List.of();
        List<CandidateRow> candidateRows = List.of();
        List<RejectedRow> rejectedRows = List.of();
        List<InjectionRow> injectionRows = List.of();
        List<TransientRow> transientRows = List.of();
        List<EpochInjectionRow> epochInjectionRows = List.of();
        List<LightcurveRow> lightcurveRows = List.of();
        List<VariabilityRow> variabilityRows = List.of();
        long t = System.nanoTime();
        try {
            FitsImage img;
            List<RenderedTile.PlacedStar> truth;
            EpochStage.Reference refEpoch = null;
            if (epochs != null) {
                // the reference epoch's frames, stacked, take the place of the tile's one image
                EpochFrames.Acquired frames = epochs.acquireReference(out.tile);
                EpochFrames.Frame first = frames.frames().get(0);
                out.attempts = first.attempts();
                out.imageUri = first.uri();
                out.imageBytes = first.bytes();
                out.imageSha256 = first.sha256();
                t = lap(out, stage, t);
                stage = Stage.EPOCHS;
                refEpoch = epochs.stackReference(frames);
                t = lap(out, stage, t);
                stage = Stage.VALIDATE;
                FitsImage r = refEpoch.image();
                // calibration works in place: the difference needs the reference as stacked
                img = new FitsImage(r.width(), r.height(), r.data().clone(), r.header());
                truth = EpochStage.truth(refEpoch);
            } else {
                AcquiredImage acquired;
                AcquireOutcome pre = prefetched == null ? null : prefetched.value().get(out.tile.id());
                if (pre != null) {
                    // fetched by the acquire stage: its time and attempts belong to this tile's acquire figures
                    out.attempts = pre.attempts();
                    out.imageUri = pre.uri();
                    out.ms[Stage.ACQUIRE.ordinal()] += pre.elapsedMs();
                    if (!pre.ok()) {
                        throw new AcquireFailedException(pre.reason(), pre.attempts(), null);
                    }
                    acquired = ((HttpImageSource) images).readCached(work.request());
                } else {
                    acquired = images.acquire(work.request());
                    out.attempts = acquired.attempts();
                    out.imageUri = acquired.uri();
                }
                out.imageBytes = (long) acquired.bytes().length;
                out.imageSha256 = acquired.sha256();
                t = lap(out, stage, t);
    
                stage = Stage.VALIDATE;
                img = FitsReader.read(acquired.bytes(), acquired.uri(), config.image().maxPixels());
                truth = acquired.truth();
            }
            WcsReading reading = WcsReader.read(img.header());
            Wcs wcs = reading.wcs();
            out.naxis1 = img.width();
            out.naxis2 = img.height();
            out.pixelScale = wcs.pixelScaleArcsec();
            out.wcsModel = reading.model().columnValue();
            out.wcsWarning = reading.warning();
            DateObs date = DateObs.fromHeader(img.header());
            if (date != null) {
                out.dateObs = date.iso();
                out.epoch = date.epoch();
                out.dateObsWarning = date.warning();
            } else if (refEpoch != null && refEpoch.first().listedYear() != null) {
                // an image.list date dates a reference epoch whose image has no DATE-OBS (as EpochStage does)
                out.epoch = refEpoch.first().listedYear();
            }
            checkPixels(img, out.imageUri);
            t = lap(out, stage, t);

            stage = Stage.CALIBRATE;
            var ex = config.extract();
            double saturation = SaturationLevel.of(img);
            CalibrationFrames frames = CalibrationFrameCache.get(config.calibrate(), hadoop.get());
            if (frames != null) {
                double exposure = img.header().getDouble("EXPTIME", Double.NaN);
                CcdCalibration.apply(img.data(), img.width(), img.height(), exposure, frames);
                saturation = CcdCalibration.calibratedLevel(saturation, exposure, frames);
            }
            BackgroundMap bg = new BackgroundEstimator(ex.backSize(), ex.backFiltersize())
                    .estimate(img.data(), img.width(), img.height());
            out.backgroundMedian = bg.globalLevel();
            out.backgroundRms = bg.globalRms();
            out.saturationLevel = Double.isFinite(saturation) ? saturation : null;
            QualityMetrics quality = QualityMetrics.measure(img.data(), img.width(), img.height(), bg, saturation);
            out.saturatedFraction = quality.saturatedFraction();
            out.cosmicRayHits = quality.cosmicRayHits();
            out.backgroundRange = quality.backgroundRange();
            t = lap(out, stage, t);

            stage = Stage.EXTRACT;
            ExtractParams params = Stages.extractParams(config, img.header(), saturation);
            List<Source> sources = new ArrayList<>();
            // pass 2 reuses pass 1's subtracted image when the extractor hands it over
            var extraction = extractor.extractKeepingImage(img.data(), img.width(), img.height(), bg, params);
            List<Source> found = extraction.sources();
            float[] subtracted = ex.psfPass() ? extraction.subtracted() : null;
            for (Source s : found) {
                double[] sky = wcs.pixelToSky(s.x(), s.y());
                sources.add(s.withSky(sky[0], sky[1]));
            }
            out.nSources = sources.size();
            out.fwhmMedian = Stages.medianCleanFwhm(sources);
            t = lap(out, stage, t);

            stage = Stage.PSF;
            PassTwo.Result psf = null;
            if (ex.psfPass() && !sources.isEmpty()) {
                float[] sub = subtracted != null ? subtracted : bg.subtract(img.data());
                psf = PassTwo.run(sub, bg, img.width(), img.height(), sources,
                        Stages.psfParams(ex.psf(), params.gain()));
                out.psfStars = psf.model().starCount();
                out.psfOrigin = psf.model().origin().name().toLowerCase(java.util.Locale.ROOT);
                out.psfChi2 = finiteOrNull(psf.model().chi2());
                out.psfResidualRms = finiteOrNull(psf.model().residualRms());
                out.psfFwhm = finiteOrNull(psf.model().fwhm());
            }
            t = lap(out, stage, t);

            stage = Stage.REFERENCE;
            // the tile's own cone (what the reference prefetch and cache use) unless the image reaches further
            double[] centre = {out.tile.ra(), out.tile.dec()};
            double radius = ReferenceJoin.radiusDeg(work, config);
            double[] imageCentre = wcs.pixelToSky((img.width() + 1) / 2.0, (img.height() + 1) / 2.0);
            double imageRadius = Math.hypot(img.width(), img.height()) / 2.0 * out.pixelScale / 3600.0
                    + (config.match().radiusArcsec() + CandidateStage.NEAREST_SEARCH_ARCSEC) / 3600.0;
            if (org.skysift.sky.Angles.separationDeg(centre[0], centre[1], imageCentre[0], imageCentre[1]) + imageRadius
                    > radius) {
                centre = imageCentre;
                radius = imageRadius;
            }
            List<RefStar> catalogued;
            if (work.refs() != null) {
                catalogued = work.refs(); // handed over by the Spark join (pipeline.ReferenceJoin)
            } else {
                if (reference == null) {
                    reference = Stages.reference(config, hadoop.get());
                }
                if (reference instanceof VizierReferenceCatalog vizier) {
                    ConeAnswer answer = vizier.answer(centre[0], centre[1], radius);
                    catalogued = answer.stars();
                    out.refMalformedRows = answer.malformedRows();
                    out.refFirstProblem = answer.problems().isEmpty() ? null : answer.problems().get(0);
                } else {
                    catalogued = reference.cone(centre[0], centre[1], radius);
                }
            }
            out.nReference = catalogued.size();
            List<RefStar> refs = atPlateEpoch(catalogued, out.epoch);
            t = lap(out, stage, t);

            stage = Stage.MATCH;
            double[] ra = sources.stream().mapToDouble(Source::ra).toArray();
            double[] dec = sources.stream().mapToDouble(Source::dec).toArray();
            List<Match> matches = matcher.match(ra, dec, refs, config.match().radiusArcsec());
            TileRefit.Result refit = TileRefit.run(Stages.refitParams(config), sources, refs, matches, matcher,
                    config.match().radiusArcsec(), wcs, img.width(), img.height());
            sources = refit.sources();
            matches = refit.matches();
            out.astrometry = refit.summary();
            boolean[] matched = new boolean[sources.size()];
            for (Match m : matches) {
                matched[m.sourceIndex()] = true;
            }
            out.nMatched = matches.size();
            double zp = zeroPoint(sources, matches, out);
            var calibrated = TilePhotometry.calibrate(config, sources, matches, out, img.width(), img.height());
            sourceRows = sourceRows(out.tile.id(), sources, zp, calibrated, psf == null ? null : psf.measurements(),
                    Stages.classStar(config, sources, psf == null ? null : psf.model(), out.pixelScale, out.fwhmMedian));
            matchRows = new ArrayList<>(matches.size());
            java.util.Map<RefStar, RefStar> catalogueRow = new java.util.IdentityHashMap<>();
            for (int k = 0; k < refs.size(); k++) {
                catalogueRow.put(refs.get(k), catalogued.get(k));
            }
            for (Match m : matches) {
                SourceRow s = sourceRows.get(m.sourceIndex());
                Double refMag = Double.isFinite(m.ref().mag()) ? m.ref().mag() : null;
                RefStar original = catalogueRow.get(m.ref());
                matchRows.add(new MatchRow(out.tile.id(), s.sourceId(), referenceName(), m.ref().id(), m.ref().ra(),
                        m.ref().dec(), refMag, m.sepArcsec(),
                        refMag != null && s.magCal() != null ? s.magCal() - refMag : null,
                        finiteOrNull(original.epoch()), original.hasProperMotion() ? finiteOrNull(m.ref().epoch()) : null));
            }
            t = lap(out, stage, t);

            stage = Stage.DETECT;
            CandidateStage.Output detected = CandidateStage.run(config, out, sources, sourceRows, matched, refs, wcs,
                    img.width(), img.height(), truth);
            candidateRows = NamedTarget.label(work.named(), detected.candidates());
            rejectedRows = detected.rejected();
            injectionRows = detected.injections();
            if (config.report().cutouts()) {
                candidateRows = CandidateCutouts.attach(config, hadoop.get(), runDir, img, wcs, refs, candidateRows);
            }
            t = lap(out, stage, t);

            if (refEpoch != null) {
                stage = Stage.EPOCHS;
                EpochStage.Output ep = epochs.others(out.tile, refEpoch, candidateRows);
                transientRows = NamedTarget.labelTransients(work.named(), ep.transients());
                epochInjectionRows = ep.injections();
                out.nEpochs = ep.nEpochs();
                out.nTransients = transientRows.size();
                out.scorrStd = ep.scorrStd();
                out.epochProblems = ep.problems();
                if (config.report().cutouts()) {
                    transientRows = withTriplets(transientRows, ep.diffs());
                }
                if (config.lightcurves().enabled()) {
                    TileLightCurves.Rows lc = lightCurves(out, work, sourceRows, wcs, refEpoch, ep.diffs());
                    lightcurveRows = lc.lightcurves();
                    variabilityRows = lc.variability();
                }
                lap(out, stage, t);
            }
        } catch (Exception | StackOverflowError e) {
            lap(out, stage, t);
            if (e instanceof AcquireFailedException a) {
                out.attempts = a.attempts();
            }
            if (config.failFast()) {
                throw new TileFailedException("tile " + out.tile.id() + " failed at " + stage + ": " + e.getMessage(), e);
            }
            out.fail(stage, e);
            sourceRows = List.of();
            matchRows = List.of();
            candidateRows = List.of();
            rejectedRows = List.of();
            injectionRows = List.of();
            transientRows = List.of();
            epochInjectionRows = List.of();
            lightcurveRows = List.of();
            variabilityRows = List.of();
            out.nTransients = null;
            out.scorrStd = null;
            out.nInjected = null;
            out.nInjectedFound = null;
            out.nCandidatesInjected = null;
            out.funnel = null;
            out.nSources = 0;
            out.nMatched = 0;
            out.nCandidates = 0;
        }
        out.finishedAt = new Timestamp(System.currentTimeMillis());
        return new TileResult(out.toRow(), sourceRows, matchRows, candidateRows, rejectedRows, injectionRows,
                transientRows, lightcurveRows, variabilityRows, epochInjectionRows);
    }

    /** Each epoch's transients with their triplet cutouts (reference, new, difference) attached. */
    private List<TransientRow> withTriplets(List<TransientRow> rows, List<EpochStage.EpochDiff> diffs) {
        List<TransientRow> out = new ArrayList<>(rows.size());
        for (EpochStage.EpochDiff d : diffs) {
            List<TransientRow> mine = rows.stream().filter(r -> d.epoch().equals(r.epoch())).toList();
            out.addAll(TransientCutouts.attach(config.report(), hadoop.get(), runDir, TransientCutouts.planes(d.diff()), mine));
        }
        return out;
    }

    /** Light curves of the tile's targets and (lightcurves.sources) its sources over the reference and its differences. */
    private TileLightCurves.Rows lightCurves(TileOutcome out, TileWork work, List<SourceRow> sourceRows, Wcs wcs,
                                             EpochStage.Reference refEpoch, List<EpochStage.EpochDiff> diffs) {
        int ref = config.epochs().referenceIndex();
        TileLightCurves.Epoch reference = new TileLightCurves.Epoch(config.epochs().list().get(ref).name(), out.epoch,
                out.dateObs);
        List<TileLightCurves.Epoch> epochs = new ArrayList<>(diffs.size());
        for (EpochStage.EpochDiff d : diffs) {
            String date = null;
            try {
                DateObs obs = DateObs.fromHeader(d.image().header());
                date = obs == null ? null : obs.iso();
            } catch (RuntimeException unreadable) {
                // the epoch's year (from the config) still dates it
            }
            epochs.add(new TileLightCurves.Epoch(d.epoch(), d.year(), date));
        }
        boolean synthetic = Stages.epochImage(config, ref).source().equals("synthetic");
        return TileLightCurves.measure(out.tile.id(), config.lightcurves().variableSigma(), reference, epochs,
                diffs.stream().map(EpochStage.EpochDiff::diff).toList(), work.named(),
                config.lightcurves().sources() ? sourceRows : List.of(), wcs, synthetic ? refEpoch.changes() : null,
                config.report().injectionRadiusArcsec());
    }

    /**
     * Reference rows moved to the plate epoch when propagation is on and the plate has a date; rows
     * lacking an epoch take reference.epoch when set. Same order as the input.
     */
    private List<RefStar> atPlateEpoch(List<RefStar> refs, Double plateEpoch) {
        var r = config.reference();
        if (!r.propagate() || plateEpoch == null) {
            return refs;
        }
        List<RefStar> out = new ArrayList<>(refs.size());
        for (RefStar s : refs) {
            RefStar dated = Double.isNaN(s.epoch()) && r.epoch() != null
                    ? s.withEpoch(r.epoch()) : s;
            out.add(dated.atEpoch(plateEpoch));
        }
        return out;
    }

    private String referenceName() {
        return reference != null ? reference.name() : config.reference().kind();
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Rows of the sources table; with pass-2 measurements (psf non-null) the PSF columns are filled and pass = 2;
     * class_star from classStar (null when CLASS_STAR is off).
     */
    private List<SourceRow> sourceRows(long tileId, List<Source> sources, double zp,
                                       PhotometricFit.Calibrated[] calibrated, PsfMeasurements psf, double[] classStar) {
        int order = config.targets().healpixOrder();
        List<SourceRow> rows = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            Double mag = s.fluxAuto() > 0 ? zp - 2.5 * Math.log10(s.fluxAuto()) : null;
            Double magErr = s.fluxAuto() > 0 ? 1.0857362 * s.fluxerrAuto() / s.fluxAuto() : null;
            PhotometricFit.Calibrated cal = calibrated[i];
            Double fluxPsf = null, errPsf = null, magPsf = null, spread = null, spreadErr = null, xpsf = null, ypsf = null,
                    chi2 = null;
            Integer psfFlags = null;
            if (psf != null) {
                fluxPsf = finiteOrNull(psf.flux()[i]);
                errPsf = finiteOrNull(psf.fluxErr()[i]);
                magPsf = fluxPsf != null && fluxPsf > 0 ? zp - 2.5 * Math.log10(fluxPsf) : null;
                spread = finiteOrNull(psf.spread()[i]);
                spreadErr = finiteOrNull(psf.spreadErr()[i]);
                xpsf = finiteOrNull(psf.x()[i]);
                ypsf = finiteOrNull(psf.y()[i]);
                chi2 = finiteOrNull(psf.chi2()[i]);
                psfFlags = psf.flags()[i];
            }
            rows.add(new SourceRow(tileId, s.id(), s.x(), s.y(), s.ra(), s.dec(), Healpix.angToNest(order, s.ra(), s.dec()),
                    s.fluxIso(), s.fluxAuto(), s.fluxerrAuto(), mag, magErr, finiteOrNull(cal.mag()),
                    finiteOrNull(cal.err()), cal.extrapolated(), s.fluxAper(), s.fluxerrAper(), s.fluxMax(),
                    fluxPsf, errPsf, magPsf, xpsf, ypsf, chi2, psfFlags, s.fwhm(), s.a(), s.b(), s.theta(),
                    s.elongation(), s.snr(), s.isoarea(), s.background(), s.flags(), spread, spreadErr,
                    classStar == null ? null : finiteOrNull(classStar[i]),
                    psf == null ? 1 : 2, s.xmin(), s.xmax(), s.ymin(), s.ymax()));
        }
        return rows;
    }

    /** Median of ref_mag + 2.5 log10(flux) over clean matched stars; the configured value when too few. */
    private double zeroPoint(List<Source> sources, List<Match> matches, TileOutcome out) {
        double[] zps = matches.stream()
                .filter(m -> Double.isFinite(m.ref().mag()))
                .filter(m -> {
                    Source s = sources.get(m.sourceIndex());
                    return s.flags() == 0 && s.snr() > ZP_MIN_SNR && s.fluxAuto() > 0;
                })
                .mapToDouble(m -> m.ref().mag() + 2.5 * Math.log10(sources.get(m.sourceIndex()).fluxAuto()))
                .toArray();
        if (zps.length >= MIN_ZP_STARS) {
            out.zeroPoint = median(zps);
            out.zeroPointOrigin = "matches";
        } else {
            out.zeroPoint = config.extract().magZeropoint();
            out.zeroPointOrigin = "config";
        }
        return out.zeroPoint;
    }

    private static void checkPixels(FitsImage img, String uri) {
        if (img.width() < 16 || img.height() < 16) {
            throw new FitsFormatException(uri + ": image " + img.width() + "x" + img.height() + " is smaller than 16x16");
        }
        long finite = 0;
        for (float v : img.data()) {
            if (!Float.isNaN(v)) {
                finite++;
            }
        }
        if (finite < img.data().length / 2) {
            throw new FitsFormatException(uri + ": only " + finite + " of " + img.data().length + " pixels are valid");
        }
    }

    private static long lap(TileOutcome out, Stage stage, long since) {
        long now = System.nanoTime();
        out.ms[stage.ordinal()] += (now - since) / 1_000_000;
        return now;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "none" : env.executorId();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
