package org.skysift.catalog;

import java.util.ArrayList;
import java.util.List;
import org.skysift.synth.SyntheticStar;
import org.skysift.synth.SyntheticSky;

/** The synthetic sky's truth minus the injected vanished stars. */
public final class SyntheticReferenceCatalog implements ReferenceCatalog {
    private final SyntheticSky sky;

    public SyntheticReferenceCatalog(SyntheticSky sky) {
        this.sky = sky;
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public List<RefStar> cone(double ra, double dec, double radiusDeg) {
        List<RefStar> out = new ArrayList<>();
        for (SyntheticStar s : sky.cone(ra, dec, radiusDeg)) {
            if (!s.vanished()) {
                out.add(new RefStar(s.id(), s.ra(), s.dec(), s.mag()));
            }
        }
        return out;
    }
}
