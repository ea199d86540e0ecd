package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.skysift.catalog.RefStar;
import org.skysift.config.SkySiftConfig;
import org.skysift.detect.BrightStar;
import org.skysift.detect.CandidateGates;
import org.skysift.detect.Gate;
import org.skysift.detect.GateInput;
import org.skysift.extract.Source;
import org.skysift.match.NearestMatcher;
import org.skysift.synth.RenderedTile;
import org.skysift.wcs.Wcs;

/** The detect stage of one tile: gates, candidate and rejected rows, the funnel and injection recovery. */
final class CandidateStage {
    static final double NEAREST_SEARCH_ARCSEC = 120;

    private CandidateStage() {}

    record Output(List<CandidateRow> candidates, List<RejectedRow> rejected, List<InjectionRow> injections) {}

    static Output run(SkySiftConfig config, TileOutcome out, List<Source> sources, List<SourceRow> rows, boolean[] matched,
                      List<RefStar> refs, Wcs wcs, int width, int height, List<RenderedTile.PlacedStar> truth) {
        SkySiftConfig.Candidates gs = config.candidates();
        CandidateGates gates = new CandidateGates(gs);
        List<GateInput> inputs = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            SourceRow r = rows.get(i);
            double spread = r.spreadModel() == null ? Double.NaN : r.spreadModel();
            inputs.add(new GateInput(s.x(), s.y(), matched[i], s.flags(), s.snr(), s.fwhm(), s.elongation(), spread,
                    s.xmax() - s.xmin() + 1, s.ymax() - s.ymin() + 1));
        }
        CandidateGates.Result result = gates.evaluate(inputs, brightStars(gs, refs, wcs, width, height), width, height);
        out.funnel = result.funnel();

        List<RenderedTile.PlacedStar> injected = new ArrayList<>();
        if (truth != null) {
            for (RenderedTile.PlacedStar p : truth) {
                if (p.star().vanished() && gates.insideMargin(p.x(), p.y(), width, height)) {
                    injected.add(p);
                }
            }
        }
        double radiusPx = config.report().injectionRadiusArcsec() / wcs.pixelScaleArcsec();
        List<Integer> picked = new ArrayList<>();
        List<RejectedRow> rejected = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            CandidateGates.Verdict v = result.verdicts().get(i);
            if (v.firstFailed() == Gate.UNMATCHED) {
                continue;
            }
            Source s = sources.get(i);
            Boolean isInjected = truth == null ? null : onInjected(s, injected, radiusPx);
            if (v.candidate()) {
                picked.add(i);
            } else {
                rejected.add(new RejectedRow(out.tile.id(), s.id(), s.ra(), s.dec(), rows.get(i).magCal(), s.snr(),
                        s.fwhm(), s.elongation(), v.firstFailed().key(),
                        v.failed().stream().map(Gate::key).collect(Collectors.joining(",")), isInjected));
            }
        }

        double[] cra = picked.stream().mapToDouble(i -> sources.get(i).ra()).toArray();
        double[] cdec = picked.stream().mapToDouble(i -> sources.get(i).dec()).toArray();
        double[] nearest = NearestMatcher.nearestSeparations(cra, cdec, refs, NEAREST_SEARCH_ARCSEC);
        String passed = passedGates(inputs, picked);
        List<CandidateRow> candidates = new ArrayList<>(picked.size());
        int injectedCandidates = 0;
        for (int k = 0; k < picked.size(); k++) {
            Source s = sources.get(picked.get(k));
            Boolean isInjected = truth == null ? null : onInjected(s, injected, radiusPx);
            if (Boolean.TRUE.equals(isInjected)) {
                injectedCandidates++;
            }
            candidates.add(new CandidateRow(out.tile.id(), s.id(), s.ra(), s.dec(), rows.get(picked.get(k)).magCal(),
                    s.snr(), s.fwhm(), "no_counterpart", 1.0 - Math.exp(-s.snr() / 100.0),
                    Double.isNaN(nearest[k]) ? null : nearest[k], passed, null, isInjected));
        }
        out.nCandidates = candidates.size();
        List<InjectionRow> injections = List.of();
        if (truth != null) {
            injections = injectionRows(out.tile.id(), injected, sources, result.verdicts(), radiusPx,
                    wcs.pixelScaleArcsec());
            out.nInjected = injections.size();
            out.nInjectedFound = (int) injections.stream().filter(InjectionRow::recovered).count();
            out.nCandidatesInjected = injectedCandidates;
        }
        return new Output(candidates, rejected, injections);
    }

    /** Whether the source sits on an injected star. */
    private static boolean onInjected(Source s, List<RenderedTile.PlacedStar> injected, double radiusPx) {
        for (RenderedTile.PlacedStar p : injected) {
            if (Math.hypot(p.x() - s.x(), p.y() - s.y()) <= radiusPx) {
                return true;
            }
        }
        return false;
    }

    /** What became of each injected star: recovered by a candidate, stopped at a gate, or never detected. */
    static List<InjectionRow> injectionRows(long tileId, List<RenderedTile.PlacedStar> injected, List<Source> sources,
                                            List<CandidateGates.Verdict> verdicts, double radiusPx, double arcsecPerPx) {
        List<InjectionRow> rows = new ArrayList<>(injected.size());
        for (RenderedTile.PlacedStar p : injected) {
            int nearest = -1, nearestCandidate = -1;
            double dNearest = Double.POSITIVE_INFINITY, dCandidate = Double.POSITIVE_INFINITY;
            for (int i = 0; i < sources.size(); i++) {
                double d = Math.hypot(p.x() - sources.get(i).x(), p.y() - sources.get(i).y());
                if (d > radiusPx) {
                    continue;
                }
                if (d < dNearest) {
                    nearest = i;
                    dNearest = d;
                }
                if (verdicts.get(i).candidate() && d < dCandidate) {
                    nearestCandidate = i;
                    dCandidate = d;
                }
            }
            boolean recovered = nearestCandidate >= 0;
            int shown = recovered ? nearestCandidate : nearest;
            String gate = recovered ? null
                    : nearest < 0 ? InjectionRow.UNDETECTED : verdicts.get(nearest).firstFailed().key();
            rows.add(new InjectionRow(tileId, p.star().ra(), p.star().dec(), p.x(), p.y(), p.star().mag(), recovered,
                    nearest >= 0, gate, shown < 0 ? null : sources.get(shown).id(),
                    shown < 0 ? null : (recovered ? dCandidate : dNearest) * arcsecPerPx));
        }
        return rows;
    }

    /** The gates candidates were actually tested against: SPREAD_MODEL only when it was measured. */
    private static String passedGates(List<GateInput> inputs, List<Integer> picked) {
        boolean spread = picked.stream().anyMatch(i -> !Double.isNaN(inputs.get(i).spreadModel()));
        List<String> names = new ArrayList<>();
        for (Gate g : Gate.values()) {
            if (g != Gate.SPREAD_MODEL || spread) {
                names.add(g.key());
            }
        }
        return String.join(",", names);
    }

    static List<BrightStar> brightStars(SkySiftConfig.Candidates gs, List<RefStar> refs, Wcs wcs, int width, int height) {
        List<BrightStar> out = new ArrayList<>();
        double scale = wcs.pixelScaleArcsec();
        for (RefStar r : refs) {
            if (!(r.mag() < gs.brightMag())) {
                continue;
            }
            double radiusPx = gs.brightRadiusArcsec() * Math.pow(10, 0.2 * (gs.brightMag() - r.mag())) / scale;
            double spike = gs.spikeLengthFactor() * radiusPx;
            double[] p = wcs.skyToPixel(r.ra(), r.dec());
            if (p == null || p[0] < -spike || p[1] < -spike || p[0] > width + spike || p[1] > height + spike) {
                continue;
            }
            out.add(new BrightStar(p[0], p[1], radiusPx, spike));
        }
        return out;
    }
}
