package org.skysift.report.html;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.skysift.config.ConfigLoader;

/**
 * A hand-made run folder for the page: n candidates over a few tiles, a cutout PNG for two in three of
 * them, plots/plots.json with two PNGs, one failed tile, and strings that would run as script if the
 * page ever read data as markup.
 */
final class SyntheticReport {
    static final String XSS_ERROR = "cannot read <script>window.__xss=1</script> & more";
    static final String XSS_REASON = "<img src=x onerror=\"window.__xss=2\">";
    static final String XSS_CUTOUT = "javascript:window.__xss=3";
    static final int N_TILES = 120;

    /** A candidate as the fixture made it; mags have two decimals so filters have one right answer. */
    record Cand(long tileId, int sourceId, double ra, double dec, double mag, double snr, double fwhm, double score,
                Double sep, Boolean injected, String reason, String cutout) {
        Object[] row() {
            return new Object[] {cutout, tileId, sourceId, ra, dec, mag, snr, fwhm, score, sep, injected, reason};
        }
    }

    final Path dir;
    final List<Cand> candidates = new ArrayList<>();
    final long failedTile;

    SyntheticReport(Path dir, int n) throws IOException {
        this.dir = dir;
        SplittableRandom rnd = new SplittableRandom(8);
        failedTile = 2_000_000L + N_TILES - 1;
        for (int i = 0; i < n; i++) {
            long tile = 2_000_000L + rnd.nextInt(N_TILES - 1);
            double snr = 5 + rnd.nextDouble() * 200;
            String cutout = i == n / 4 ? XSS_CUTOUT : i % 3 == 2 ? null : "cutouts/" + tile + "/" + (i + 1) + ".png";
            String reason = i == n / 2 ? XSS_REASON : "no_counterpart";
            candidates.add(new Cand(tile, i + 1, rnd.nextDouble() * 360, -60 + rnd.nextDouble() * 120,
                    Math.round((12 + rnd.nextDouble() * 9) * 100) / 100.0, snr, 2 + rnd.nextDouble() * 3,
                    1 - Math.exp(-snr / 100), i % 7 == 0 ? null : rnd.nextDouble() * 120, i % 2 == 0, reason, cutout));
        }
        candidates.sort(Comparator.comparingDouble(Cand::score).reversed()
                .thenComparingLong(Cand::tileId).thenComparingInt(Cand::sourceId));
        for (Cand c : candidates) {
            if (c.cutout() != null && !c.cutout().equals(XSS_CUTOUT)) {
                PlotFixtures.png(dir.resolve(c.cutout()), 64, 64, c.sourceId());
            }
        }
        PlotFixtures.png(dir.resolve("plots/sky_map.png"), 640, 360, 1);
        PlotFixtures.png(dir.resolve("plots/mag_hist.png"), 640, 360, 2);
        Files.writeString(dir.resolve("plots/plots.json"), """
                [{"file": "sky_map.png", "title": "Sky map", "caption": "Tiles <b>and</b> candidates."},
                 {"file": "mag_hist.png", "title": "Magnitudes", "caption": "Candidates by magnitude."},
                 {"file": "gone.png", "title": "Gone", "caption": "listed, never written"},
                 {"file": "../../etc/passwd", "title": "bad", "caption": "must be skipped"}]
                """);
    }

    ObjectNode summary() {
        ObjectNode s = ConfigLoader.json().createObjectNode();
        s.put("run_id", "synthetic-10k");
        s.put("run_dir", dir.toUri().toString());
        s.put("skysift_version", "test");
        s.put("started_at", "2026-12-01T22:00:00.000Z");
        s.put("finished_at", "2026-12-01T22:01:40.500Z");
        s.put("elapsed_s", 100.5);
        ObjectNode t = s.putObject("tiles");
        t.put("total", N_TILES);
        t.put("ok", N_TILES - 1);
        t.put("failed", 1);
        ObjectNode c = s.putObject("counts");
        c.put("sources", 1_234_567);
        c.put("matches", 1_000_000);
        c.put("candidates", candidates.size());
        c.put("rejected", 4321);
        s.putObject("medians").put("sources_per_tile", 30000).put("match_sep_arcsec", 0.21);
        s.putObject("validators").putObject("within5").put("limit_arcsec", 5.05).put("max_sep_arcsec", 4.97)
                .put("violations", 0).put("ok", true);
        ObjectNode f = s.putObject("funnel");
        long left = 60_000;
        for (org.skysift.detect.Gate g : org.skysift.detect.Gate.values()) {
            f.put(g.key(), left);
            left = Math.max(candidates.size(), left * 2 / 3);
        }
        f.put("edge", candidates.size());
        s.putObject("injection").put("injected", 5200).put("recovered", 5000).put("candidates", candidates.size())
                .put("candidates_injected", 5000).put("recall", 5000 / 5200.0).put("precision", 5000.0 / candidates.size());
        return s;
    }

    /** Writes report.html from the fixture the way HtmlReport would from a run's tables. */
    Path write() throws IOException {
        PlotIndex.Plots plots = PlotIndex.read(org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                dir.toUri().toString());
        List<Object[]> tiles = new ArrayList<>();
        for (int i = 0; i < N_TILES; i++) {
            long id = 2_000_000L + i;
            boolean failed = id == failedTile;
            long n = candidates.stream().filter(c -> c.tileId() == id).count();
            tiles.add(new Object[] {id, failed ? "failed" : "ok", 10.0 + i, -5.0 + i / 10.0, "1953-04-0" + (1 + i % 9),
                    failed ? 0 : 30000 + i, failed ? 0 : 25000 + i, failed ? 0 : (int) n, failed ? null : 3.1 + i / 100.0,
                    failed ? null : 27.5 + i / 1000.0, failed ? "acquire · java.io.IOException: " + XSS_ERROR : null});
        }
        ReportInput in = new ReportInput(summary(), plots.plots(), plots.problem(),
                List.of(new ReportInput.FailedTile(failedTile, "acquire", "java.io.IOException", XSS_ERROR)),
                new DataTable(TableColumns.TILES, tiles.iterator()),
                new DataTable(TableColumns.candidates(true), candidates.stream().map(Cand::row).iterator()),
                candidates.size(), new String[] {"1953-04-01", "1953-04-09"}, List.of("summary.json"));
        Path page = dir.resolve("report.html");
        try (Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
            ReportPage.write(w, in);
        }
        return page;
    }
}
