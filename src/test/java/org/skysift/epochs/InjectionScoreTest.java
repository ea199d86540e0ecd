package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skysift.synth.InjectedChange;

/** Matching, expected S/N and the figures of {@link InjectionScore} on hand-placed changes and transients. */
@Tag("plain")
class InjectionScoreTest {
    static final double RA = 150, DEC = 0; // 1" = 1/3600 degree in both axes at the equator

    static InjectedChange change(String kind, String epoch, double xArcsec, double ref, double fresh) {
        return new InjectedChange(kind, epoch, RA + xArcsec / 3600, DEC, ref, fresh);
    }

    static Transient found(TransientKind kind, double xArcsec, double fluxDiff) {
        return new Transient(kind, 0, 0, RA + xArcsec / 3600, DEC, 10, fluxDiff, 1, 0, 1, 0, 1);
    }

    @Test
    void expectedSnrIsTheChangeOverBackgroundAndSourceNoise() {
        // sigma_change = sqrt(30^2 + 40^2) sqrt(4 pi) 1.5 = 50 * 5.3174 = 265.87
        assertEquals(265.868, InjectionScore.changeNoise(30, 40, 1.5), 1e-3);
        InjectionScore s = new InjectionScore(2, 300, 2.0);
        // |1000 - 3000| / sqrt(300^2 + 1.5 * 4000 / 2) = 2000 / sqrt(93000)
        assertEquals(2000 / Math.sqrt(93000), s.expectedSnr(change("brightened", "e", 0, 1000, 3000)), 1e-9);
        assertEquals(5.0, new InjectionScore(2, 300, Double.NaN).expectedSnr(change("appeared", "e", 0, 0, 1500)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new InjectionScore(0, 300, 1));
    }

    @Test
    void changesAndTransientsPairOneToOneWithinTheRadius() {
        List<InjectedChange> changes = List.of(
                change("appeared", "new", 0, 0, 3000),       // S/N 10 (noise 300, no gain)
                change("vanished", "new", 1.5, 9000, 0),     // S/N 30, 1.5" from the first
                change("faded", "new", 100, 4000, 2500),     // S/N 5, not found
                change("brightened", "new", 200, 1000, 2200), // S/N 4, found as appeared
                change("appeared", "other", 300, 0, 30000)); // another epoch: ignored
        List<Transient> ts = List.of(
                found(TransientKind.VANISHED, 1.4, -8800),   // 0.1" from the vanished star, 1.4" from the appeared
                found(TransientKind.APPEARED, 0.5, 3300),
                found(TransientKind.APPEARED, 201, 1250),
                found(TransientKind.FADED, 500, -400),       // nowhere near anything: false
                found(TransientKind.APPEARED, 702, 900),     // 2" from a saturated star
                found(TransientKind.APPEARED, 299.5, 30000)); // at the other epoch's change: false for this one
        InjectionScore.Summary s = new InjectionScore(2, 300, Double.NaN)
                .withSaturated(List.of(new double[] {RA + 700 / 3600.0, DEC}), 5).score("new", changes, ts);
        List<InjectionScore.Recovery> r = s.recoveries();
        assertEquals(4, r.size());
        assertEquals(1, r.get(0).transientIndex());
        assertEquals("appeared", r.get(0).foundKind());
        assertEquals(3300, r.get(0).fluxDiff());
        assertEquals(0, r.get(1).transientIndex());
        assertFalse(r.get(2).recovered());
        assertNull(r.get(2).foundKind());
        assertNull(r.get(2).transientIndex());
        assertEquals("appeared", r.get(3).foundKind());
        assertFalse(r.get(3).rightKind());
        assertEquals(10, r.get(0).expectedSnr(), 1e-9);

        assertEquals(List.of(0, 1, 1, 1, 1), s.bySnr().stream().map(InjectionScore.Tally::injected).toList());
        assertEquals(List.of(0, 1, 0, 1, 1), s.bySnr().stream().map(InjectionScore.Tally::recovered).toList());
        assertEquals(List.of("< 3", "3-5", "5-10", "10-20", ">= 20"), s.bySnr().stream().map(InjectionScore.Tally::label).toList());
        assertEquals(List.of("appeared", "vanished", "brightened", "faded"),
                s.byKind().stream().map(InjectionScore.Tally::label).toList());
        assertEquals(List.of(1, 1, 0, 0), s.byKind().stream().map(InjectionScore.Tally::rightKind).toList());
        assertEquals(2, s.highSnr().injected());
        assertEquals(1.0, s.highSnr().recall());
        assertEquals(6, s.transients());
        assertEquals(3, s.matched());
        assertEquals(2, s.falseTransients());
        assertEquals(1, s.nearSaturated());
        assertEquals(3 / 5.0, s.precision(), 1e-12);
        assertEquals(2 / 3.0, s.rightClassRate(), 1e-12);
        // S/N >= 10: 3300 / 3000 = 1.1 and -8800 / -9000 = 0.97778; the median of two is their mean
        assertEquals((1.1 + 8800 / 9000.0) / 2, s.medianFluxRatio(), 1e-12);
    }

    @Test
    void nothingFoundScoresZeroRecallAndNoPrecision() {
        InjectionScore.Summary s = new InjectionScore(2, 300, 1)
                .score("new", List.of(change("faded", "new", 0, 90000, 30000)), List.of());
        assertEquals(0.0, s.highSnr().recall());
        assertTrue(Double.isNaN(s.precision()));
        assertTrue(Double.isNaN(s.medianFluxRatio()));
    }
}
