package org.skysift.report.html;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.testing.HeadlessChromium;

/** report.html with 10,000 candidates in a real headless Chromium: loads clean, sorts, filters, pages, escapes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("plain")
class ReportPageBrowserTest {
    static final Path SHOTS = Path.of("target", "report-screenshots");
    static final int N = 10_000;

    @TempDir
    static Path dir;
    SyntheticReport fixture;
    Path page;
    HeadlessChromium chromium;
    HeadlessChromium.Page tab;

    @BeforeAll
    void open() throws Exception {
        fixture = new SyntheticReport(dir, N);
        page = fixture.write();
        chromium = HeadlessChromium.launchOrSkip();
        tab = chromium.newPage(1400, 1000);
        long t0 = System.nanoTime();
        tab.navigate(page.toUri().toString());
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        JsonNode nav = tab.eval("(() => { const n = performance.getEntriesByType('navigation')[0];"
                + " return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd}; })()");
        // measured, not asserted: the figures go into the report of the change
        String timing = String.format(Locale.ROOT, "report.html with %d candidates: %,d bytes; navigate to load event %d ms"
                        + " (DOMContentLoaded %.0f ms, load %.0f ms after navigation start)%n",
                N, Files.size(page), loadMs, nav.path("dcl").asDouble(), nav.path("load").asDouble());
        // and one sort and one range filter over the 10,000 rows, timed inside the page, which is then reloaded
        JsonNode ops = tab.eval("(() => { const t = skysiftTables['candidates-table'];"
                + " const mag = t.cols.findIndex(c => c.key === 'mag'); const a = performance.now(); t.sortBy(mag);"
                + " const b = performance.now(); t.tests[mag] = v => v !== null && v >= 14 && v <= 15; t.refilter();"
                + " return {sort: b - a, filter: performance.now() - b}; })()");
        timing += String.format(Locale.ROOT, "sort by mag %.1f ms, filter mag 14..15 %.1f ms (each with one page drawn)%n",
                ops.path("sort").asDouble(), ops.path("filter").asDouble());
        System.out.print(timing);
        tab.navigate(page.toUri().toString());
        Files.createDirectories(SHOTS);
        Files.writeString(SHOTS.resolve("timing-10k.txt"), timing);
    }

    @AfterAll
    void close() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    private List<String> column(String key, int rows) throws Exception {
        JsonNode v = tab.eval("(() => { const t = document.getElementById('candidates-table');"
                + " const i = [...t.querySelectorAll('thead tr:first-child th')].findIndex(th => th.dataset.key === '" + key + "');"
                + " return [...t.querySelectorAll('tbody tr')].slice(0, " + rows + ").map(r => r.cells[i].textContent); })()");
        List<String> out = new ArrayList<>();
        v.forEach(n -> out.add(n.asText()));
        return out;
    }

    private String countText() throws Exception {
        return tab.eval("document.querySelector('#candidates-table .dt-count').textContent").asText();
    }

    private static List<String> mags(List<SyntheticReport.Cand> cands, int n) {
        return cands.stream().limit(n).map(c -> String.format(Locale.ROOT, "%.2f", c.mag())).toList();
    }

    @Test
    void loadsWithoutErrorsAndOnlyLocalFiles() throws Exception {
        String html = Files.readString(page);
        assertThat(html).doesNotContain("http://", "https://", "<link", "@import", "@font-face");
        assertThat(tab.requestedUrls()).isNotEmpty().allSatisfy(u -> assertThat(u).matches("^(file|data|about):.*"));
        assertThat(tab.problems()).isEmpty();
    }

    @Test
    void everyImageLoads() throws Exception {
        // thumbnails load lazily: make them eager, then wait for each to decode
        JsonNode widths = tab.eval("Promise.all([...document.images].map(i => { i.loading = 'eager';"
                + " return i.decode().then(() => i.naturalWidth, () => 0).then(w => ({src: i.getAttribute('src'), w})); }))");
        long cutouts = fixture.candidates.stream().limit(50).filter(c -> c.cutout() != null).count();
        assertThat(widths.size()).isEqualTo(2 + (int) cutouts);
        widths.forEach(w -> assertThat(w.path("w").asInt()).as(w.path("src").asText()).isPositive());
        assertThat(tab.problems()).isEmpty();
    }

    @Test
    void firstPageIsTheBestScoredAndThePagerWalksAllTenThousand() throws Exception {
        tab.navigate(page.toUri().toString());
        assertThat(countText()).startsWith("1–50 of 10,000 rows");
        assertThat(column("source_id", 50)).containsExactlyElementsOf(
                fixture.candidates.stream().limit(50).map(c -> String.valueOf(c.sourceId())).toList());
        tab.click("#candidates-table button[aria-label='next page']");
        tab.waitUntil("document.querySelector('#candidates-table .dt-count').textContent.startsWith('51–100')");
        assertThat(column("source_id", 1)).containsExactly(String.valueOf(fixture.candidates.get(50).sourceId()));
        tab.click("#candidates-table button[aria-label='last page']");
        tab.waitUntil("document.querySelector('#candidates-table .dt-page').textContent === 'page 200 of 200'");
        assertThat(column("source_id", 100)).hasSize(50).last()
                .isEqualTo(String.valueOf(fixture.candidates.get(N - 1).sourceId()));
        assertThat(tab.eval("document.querySelector(\"#candidates-table button[aria-label='next page']\").disabled").asBoolean()).isTrue();
        tab.screenshot(SHOTS.resolve("synthetic-10k-last-page.png"), "#candidates");
    }

    @Test
    void clickingAHeaderSortsNumericallyBothWays() throws Exception {
        tab.navigate(page.toUri().toString());
        List<SyntheticReport.Cand> byMag = new ArrayList<>(fixture.candidates);
        byMag.sort(Comparator.comparingDouble(SyntheticReport.Cand::mag));
        assertThat(column("mag", 5)).isEqualTo(mags(fixture.candidates, 5)).isNotEqualTo(mags(byMag, 5));
        tab.click("#candidates-table th[data-key='mag']");
        tab.waitUntil("document.querySelector(\"#candidates-table th[data-key='mag']\").getAttribute('aria-sort') === 'ascending'");
        assertThat(column("mag", 5)).isEqualTo(mags(byMag, 5));
        tab.click("#candidates-table th[data-key='mag']");
        tab.waitUntil("document.querySelector(\"#candidates-table th[data-key='mag']\").getAttribute('aria-sort') === 'descending'");
        byMag.sort(Comparator.comparingDouble(SyntheticReport.Cand::mag).reversed());
        assertThat(column("mag", 5)).isEqualTo(mags(byMag, 5));
        // numeric, not text order: 100 sorts after 99
        tab.click("#candidates-table th[data-key='source_id']");
        tab.waitUntil("document.querySelector(\"#candidates-table th[data-key='source_id']\").getAttribute('aria-sort') === 'ascending'");
        assertThat(column("source_id", 3)).containsExactly("1", "2", "3");
        tab.screenshot(SHOTS.resolve("synthetic-10k-candidates.png"), "#candidates");
        assertThat(tab.problems()).isEmpty();
    }

    @Test
    void rangeAndTextFiltersReduceTheRows() throws Exception {
        tab.navigate(page.toUri().toString());
        long inRange = fixture.candidates.stream().filter(c -> c.mag() >= 14 && c.mag() <= 15).count();
        assertThat(inRange).isBetween(500L, 2000L);
        tab.type("#candidates-table input[data-col='mag']", "14..15");
        tab.waitUntil("document.querySelector('#candidates-table .dt-count').textContent.includes('filtered')");
        assertThat(countText()).startsWith(String.format(Locale.ROOT, "1–50 of %,d rows (filtered from 10,000)", inRange));
        assertThat(column("mag", 50)).allSatisfy(m -> assertThat(Double.parseDouble(m)).isBetween(14.0, 15.0));
        tab.type("#candidates-table input[data-col='snr']", ">150");
        long both = fixture.candidates.stream().filter(c -> c.mag() >= 14 && c.mag() <= 15 && c.snr() > 150).count();
        tab.waitUntil("document.querySelector('#candidates-table .dt-count').textContent.includes('of "
                + String.format(Locale.ROOT, "%,d", both) + " row')");
        // the text box searches every column
        tab.navigate(page.toUri().toString());
        tab.type("#candidates-table input[type=search]", "onerror");
        tab.waitUntil("document.querySelector('#candidates-table .dt-count').textContent.startsWith('1–1 of 1 row')");
        assertThat(column("reason", 1)).containsExactly(SyntheticReport.XSS_REASON);
    }

    @Test
    void dataIsShownAsTextNeverRunAsMarkup() throws Exception {
        tab.navigate(page.toUri().toString());
        assertThat(tab.eval("typeof window.__xss").asText()).isEqualTo("undefined");
        String failed = tab.eval("document.getElementById('failed').innerText").asText();
        assertThat(failed).contains(SyntheticReport.XSS_ERROR);
        assertThat(tab.eval("document.querySelectorAll('main script, main img[src=x]').length").asInt())
                .isEqualTo(2); // only the two JSON data blocks
        assertThat(tab.eval("document.getElementById('figures').innerText").asText())
                .contains("Tiles <b>and</b> candidates.").contains("plots/gone.png is missing").contains("skipped entry 4");
        // a stamp path with a scheme is not a file of the run: no image, no link
        int id = fixture.candidates.stream().filter(c -> SyntheticReport.XSS_CUTOUT.equals(c.cutout())).findFirst().orElseThrow().sourceId();
        tab.type("#candidates-table input[data-col='source_id']", "=" + id);
        tab.waitUntil("document.querySelector('#candidates-table .dt-count').textContent.startsWith('1–1 of 1 row')");
        assertThat(column("source_id", 1)).containsExactly(String.valueOf(id));
        assertThat(column("cutout", 1)).containsExactly("no stamp");
        assertThat(tab.eval("document.querySelectorAll('a[href^=javascript], img[src^=javascript]').length").asInt()).isZero();
        assertThat(tab.problems()).isEmpty();
    }

    @Test
    void aCandidatesTileLinkLeadsToItsRowInTheTilesTable() throws Exception {
        tab.navigate(page.toUri().toString());
        long tile = fixture.candidates.get(0).tileId();
        tab.click("#candidates-table tbody tr:first-child a[data-tile]");
        tab.waitUntil("!!document.querySelector('#tile-" + tile + ".hl')");
        assertThat(tab.eval("location.hash").asText()).isEqualTo("#tile-" + tile);
        JsonNode cells = tab.eval("[...document.getElementById('tile-" + tile + "').cells].map(c => c.textContent)");
        assertThat(cells.get(0).asText()).isEqualTo(String.valueOf(tile));
        assertThat(cells.get(7).asText()).isEqualTo(String.valueOf(fixture.candidates.stream().filter(c -> c.tileId() == tile).count()));
        // the failed tile, on another page of the tiles table, shows its error as text
        tab.click("#failed a[data-tile]");
        tab.waitUntil("!!document.querySelector('#tile-" + fixture.failedTile + ".hl')");
        assertThat(tab.eval("document.getElementById('tile-" + fixture.failedTile + "').innerText").asText())
                .contains("failed").contains(SyntheticReport.XSS_ERROR);
        tab.screenshot(SHOTS.resolve("synthetic-10k-full.png"), null);
        assertThat(tab.problems()).isEmpty();
    }
}
