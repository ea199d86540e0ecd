package org.skysift.acquire;

import org.skysift.synth.Realism;
import org.skysift.synth.RenderedTile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;

/** Renders each tile from the synthetic sky; the URI records the sky seed so a reader can rebuild it. */
public final class SyntheticImageSource implements ImageSource {
    private final SyntheticSky sky;
    private final Realism realism;

    public SyntheticImageSource(SyntheticSky sky, Realism realism) {
        this.sky = sky;
        this.realism = realism;
    }

    @Override
    public AcquiredImage acquire(TileRequest request) {
        RenderedTile r = SyntheticRenderer.render(request.tile(), sky, realism);
        String uri = "synthetic://seed/" + sky.model().params().seed() + "/tile/" + request.tile().id();
        return new AcquiredImage(uri, r.fits(), Sha256.hex(r.fits()), 1, r.stars());
    }
}
