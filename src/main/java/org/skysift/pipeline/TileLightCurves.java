package org.skysift.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.skysift.epochs.DiffResult;
import org.skysift.epochs.EpochPlane;
import org.skysift.epochs.LightCurves;
import org.skysift.epochs.VariabilityStats;
import org.skysift.sky.Angles;
import org.skysift.synth.InjectedChange;
import org.skysift.wcs.Wcs;

/**
 * Light curves of one tile: forced PSF photometry of its targets and of the reference epoch's pass-2
 * sources (lightcurves.sources) at fixed positions on the reference grid, in the reference epoch and in
 * every epoch that was differenced against it ({@link LightCurves}), as lightcurves and variability rows.
 */
final class TileLightCurves {
    record Rows(List<LightcurveRow> lightcurves, List<VariabilityRow> variability) {}

    /** One epoch of the tile as the rows name it. */
    record Epoch(String name, Double year, String dateObs) {}

    private TileLightCurves() {}

    /**
     * @param reference the reference epoch (its image is the tile's image; wcs is its WCS)
     * @param epochs    the other epochs, in the order of diffs
     * @param changes   injected changes of every epoch (synthetic runs), null for real images
     * @param injectedRadiusArcsec how close an object must be to an injected change to count as changed
     */
    static Rows measure(long tileId, double variableSigma, Epoch reference, List<Epoch> epochs, List<DiffResult> diffs,
                        List<NamedTarget> targets, List<SourceRow> sources, Wcs wcs, List<InjectedChange> changes,
                        double injectedRadiusArcsec) {
        if (diffs.isEmpty()) {
            return new Rows(List.of(), List.of());
        }
        List<EpochPlane> planes = new ArrayList<>(diffs.size() + 1);
        planes.add(EpochPlane.reference(reference.name(), diffs));
        for (int k = 0; k < diffs.size(); k++) {
            planes.add(EpochPlane.fresh(epochs.get(k).name(), diffs.get(k)));
        }
        List<Epoch> all = new ArrayList<>(epochs.size() + 1);
        all.add(reference);
        all.addAll(epochs);

        List<Obj> objects = new ArrayList<>();
        for (NamedTarget t : targets) {
            double[] p = wcs.skyToPixel(t.ra(), t.dec());
            if (p != null) {
                objects.add(new Obj("t" + t.targetId(), "target", null, t.name(), t.ra(), t.dec(), p[0] - 1, p[1] - 1));
            }
        }
        for (SourceRow s : sources) {
            // pass 2's PSF position where it has one: the forced fit uses the same PSF
            double x = s.xpsf() != null ? s.xpsf() : s.x(), y = s.ypsf() != null ? s.ypsf() : s.y();
            objects.add(new Obj("s" + s.sourceId(), "source", s.sourceId(), null, s.ra(), s.dec(), x - 1, y - 1));
        }
        if (objects.isEmpty()) {
            return new Rows(List.of(), List.of());
        }
        double[] x0 = objects.stream().mapToDouble(Obj::x0).toArray();
        double[] y0 = objects.stream().mapToDouble(Obj::y0).toArray();
        LightCurves.Result r = new LightCurves(variableSigma).measure(planes, x0, y0);

        List<LightcurveRow> points = new ArrayList<>(objects.size() * all.size());
        List<VariabilityRow> stats = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            Obj o = objects.get(i);
            for (int e = 0; e < all.size(); e++) {
                Epoch ep = all.get(e);
                points.add(new LightcurveRow(tileId, o.id(), o.kind(), o.sourceId(), o.name(), o.ra(), o.dec(), ep.name(),
                        ep.year(), ep.dateObs(), finite(r.flux()[i][e]), finite(r.err()[i][e]), r.flags()[i][e]));
            }
            VariabilityStats v = r.stats()[i];
            stats.add(new VariabilityRow(tileId, o.id(), o.kind(), o.sourceId(), o.name(), o.ra(), o.dec(), v.nEpochs(),
                    v.fluxMin(), v.fluxMax(), v.fluxRatio(), v.fluxRatioErr(), v.chi2(), v.dof(), v.significance(),
                    v.variable(), changes == null ? null : near(changes, o.ra(), o.dec(), injectedRadiusArcsec)));
        }
        return new Rows(List.copyOf(points), List.copyOf(stats));
    }

    private record Obj(String id, String kind, Integer sourceId, String name, double ra, double dec, double x0, double y0) {}

    private static boolean near(List<InjectedChange> changes, double ra, double dec, double radiusArcsec) {
        for (InjectedChange c : changes) {
            if (Angles.separationDeg(ra, dec, c.ra(), c.dec()) * 3600 <= radiusArcsec) {
                return true;
            }
        }
        return false;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
