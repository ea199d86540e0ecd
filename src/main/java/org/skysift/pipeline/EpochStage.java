package org.skysift.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.skysift.calibrate.SaturationLevel;
import org.skysift.config.SkySiftConfig;
import org.skysift.epochs.DiffResult;
import org.skysift.epochs.Differencer;
import org.skysift.epochs.StackFrame;
import org.skysift.fits.DateObs;
import org.skysift.fits.FitsImage;
import org.skysift.sky.Tile;
import org.skysift.synth.InjectedChange;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SyntheticEpoch;

/**
 * The epochs of one tile (config epochs.list): the reference epoch's frames, stacked, become the image the
 * catalog comparison runs on; every other epoch is acquired, stacked and differenced against it
 * ({@link Differencer}), its transients becoming rows. An epoch that fails (no image, too few stars,
 * cannot be registered) is named with its reason in the tile's epoch_problems and does not fail the tile;
 * only the reference epoch is needed.
 */
final class EpochStage {
    /**
     * The reference epoch of a tile.
     *
     * @param image   its frames stacked (or its one frame), on the first frame's grid
     * @param first   the first frame (its URI and checksum describe the tile's image)
     * @param frames  frames acquired
     * @param changes every injected change of the tile's synthetic epochs (empty for real images)
     * @param notes   frames left out of the stack
     */
    record Reference(FitsImage image, EpochFrames.Frame first, int frames, int framesUsed, List<InjectedChange> changes,
                     List<String> notes) {}

    /** One other epoch's difference against the reference, kept for the light curves' forced photometry. */
    record EpochDiff(String epoch, Double year, FitsImage image, DiffResult diff) {}

    /**
     * @param diffs    the differences that worked, in epoch order (for light curves; not part of the result)
     * @param problems "epoch: reason" of every epoch that failed or lost frames, null when none
     */
    record Output(List<TransientRow> transients, List<EpochInjectionRow> injections, List<EpochDiff> diffs,
                  int nEpochs, Double scorrStd, String problems) {}

    private final SkySiftConfig config;
    private final EpochFrames frames;
    private final int ref;
    private final List<SyntheticEpoch> synthetic;

    EpochStage(SkySiftConfig config, Configuration conf) {
        this.config = config;
        this.frames = new EpochFrames(config, conf);
        this.ref = config.epochs().referenceIndex();
        this.synthetic = Stages.syntheticEpochs(config);
    }

    /** The reference epoch's frames as acquired (the tile's acquire stage). */
    EpochFrames.Acquired acquireReference(Tile tile) throws IOException {
        return frames.acquire(tile, ref);
    }

    /** The reference epoch's image: its frames stacked. Fails the tile when there is none. */
    Reference stackReference(EpochFrames.Acquired a) {
        EpochStack.Stacked s = EpochStack.of(config, a.frames());
        List<String> notes = new ArrayList<>(a.notes());
        s.skipped().forEach(m -> notes.add(frames.name(ref) + ": frame left out: " + m));
        return new Reference(s.image(), a.frames().get(0), a.frames().size(), s.framesUsed(), a.changes(), notes);
    }

    /** The rendered stars of the reference's first frame (the stack's grid), for the candidates' injection check. */
    static List<RenderedTile.PlacedStar> truth(Reference r) {
        return r.first().truth();
    }

    /**
     * Differences every other epoch against the reference.
     *
     * @param candidates the tile's catalog-comparison candidates, cross-referenced with transients
     */
    Output others(Tile tile, Reference reference, List<CandidateRow> candidates) {
        String refName = frames.name(ref);
        FitsImage refImage = reference.image();
        StackFrame refFrame = new StackFrame(refName, refImage, Stages.extractParams(config, refImage.header(),
                SaturationLevel.of(refImage)));
        Double refYear = year(refImage, ref, reference.first().listedYear());
        Differencer differencer = new Differencer(Stages.diffSettings(config));
        // a list row no epoch takes is noted by every epoch reading the list: once is enough
        java.util.Set<String> problems = new java.util.LinkedHashSet<>(reference.notes());
        List<TransientRow> rows = new ArrayList<>();
        List<EpochDiff> diffs = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        List<EpochInjectionRow> injections = new ArrayList<>();
        boolean synth = isSynthetic();
        for (int k = 0; k < config.epochs().list().size(); k++) {
            if (k == ref) {
                continue;
            }
            String name = frames.name(k);
            try {
                EpochFrames.Acquired a = frames.acquire(tile, k);
                problems.addAll(a.notes());
                EpochStack.Stacked s = EpochStack.of(config, a.frames());
                s.skipped().forEach(m -> problems.add(name + ": frame left out: " + m));
                FitsImage img = s.image();
                DiffResult d = differencer.diff(refFrame, new StackFrame(name, img,
                        Stages.extractParams(config, img.header(), SaturationLevel.of(img))));
                Double year = year(img, k, a.frames().get(0).listedYear());
                diffs.add(new EpochDiff(name, year, img, d));
                if (Double.isFinite(d.scorrStd())) {
                    stds.add(d.scorrStd());
                }
                List<InjectedChange> injected = synth ? changesOf(reference.changes(), name) : null;
                int firstId = rows.size();
                rows.addAll(TransientRows.of(tile.id(), firstId, name, refName, year, refYear, d, candidates,
                        injected, config));
                if (synth) {
                    injections.addAll(TransientRows.injections(tile.id(), firstId, name, d, injected,
                            refFrame.extract().gain(), config));
                }
            } catch (Exception | StackOverflowError e) {
                problems.add(name + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        Double std = stds.isEmpty() ? null : TileProcessor.median(stds.stream().mapToDouble(Double::doubleValue).toArray());
        return new Output(List.copyOf(rows), List.copyOf(injections), List.copyOf(diffs), config.epochs().list().size(), std,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private boolean isSynthetic() {
        return Stages.epochImage(config, ref).source().equals("synthetic");
    }

    static List<InjectedChange> changesOf(List<InjectedChange> all, String epoch) {
        return all.stream().filter(c -> epoch.equals(c.epoch())).toList();
    }

    /**
     * DATE-OBS of the epoch's image as a decimal year, else the image.list date of its first frame, else its
     * synthetic year, else null.
     */
    private Double year(FitsImage img, int k, Double listed) {
        DateObs d = null;
        try {
            d = DateObs.fromHeader(img.header());
        } catch (RuntimeException unreadable) {
            // a malformed DATE-OBS leaves the year to the config
        }
        if (d != null && Double.isFinite(d.epoch())) {
            return d.epoch();
        }
        if (listed != null) {
            return listed;
        }
        return Stages.epochImage(config, k).source().equals("synthetic") ? synthetic.get(k).year() : null;
    }
}
