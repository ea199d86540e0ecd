package org.skysift.catalog;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.sky.Angles;

@Tag("plain")
class VizierClientTest {
    private static final double RA = 150.0, DEC = 30.0, R = 0.5;
    private static final TextFetcher HTTP = new JdkTextFetcher(Duration.ofSeconds(10));
    private static FakeVizier vizier;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        // 3000 stars spread over a 0.6 deg disc: about 2080 fall in the 0.5 deg cone asked for.
        SplittableRandom rng = new SplittableRandom(11);
        List<FakeVizier.Star> stars = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double rho = 0.6 * Math.sqrt(rng.nextDouble()), phi = rng.nextDouble() * 2 * Math.PI;
            double[] p = ConeSplitter.destination(RA, DEC, phi, Math.toRadians(rho));
            stars.add(new FakeVizier.Star(4000000000000000000L + i * 7919L, p[0], p[1],
                    rng.nextDouble(-50, 50), rng.nextDouble(-50, 50), rng.nextDouble(10, 20)));
        }
        vizier = new FakeVizier(stars);
    }

    @AfterAll
    static void stop() {
        vizier.close();
    }

    private static Set<Long> truthInCone() {
        return vizier.stars.stream().filter(s -> Angles.separationDeg(RA, DEC, s.ra(), s.dec()) <= R)
                .map(FakeVizier.Star::id).collect(Collectors.toSet());
    }

    private static VizierClient client(VizierClient.Format f, int maxRows, int maxDepth) {
        return new VizierClient(HTTP, vizier.endpoint("sky"), CatalogSpec.GAIADR3, f, maxRows, maxDepth);
    }

    @Test
    void aConeOverTheCapIsSplitUntilEveryRowIsInOnce() throws IOException {
        for (VizierClient.Format f : VizierClient.Format.values()) {
            vizier.requests.clear();
            ConeAnswer a = client(f, 600, 4).cone(RA, DEC, R);
            Set<Long> truth = truthInCone();
            assertThat(truth.size()).isBetween(1900, 2300);
            List<Long> got = a.stars().stream().map(s -> Long.parseLong(s.id())).toList();
            assertThat(got).as(f.name()).hasSameSizeAs(truth).doesNotHaveDuplicates();
            assertThat(new HashSet<>(got)).isEqualTo(truth);
            // 2080 rows > 600: four quadrants of ~1040 still over, sixteen of ~520 under the cap.
            assertThat(a.splitDepth()).isEqualTo(2);
            assertThat(a.requests()).isEqualTo(1 + 4 + 16).isEqualTo(vizier.requests.size());
            assertThat(vizier.requests).allSatisfy(q -> assertThat(q.get("-out.max")).isEqualTo("600"));
            assertThat(a.problems()).isEmpty();
            RefStar s = a.stars().get(0);
            FakeVizier.Star t = vizier.stars.stream().filter(x -> x.id() == Long.parseLong(s.id())).findFirst().orElseThrow();
            assertThat(s.ra()).isCloseTo(t.ra(), within(1e-10));
            assertThat(s.pmra()).isCloseTo(t.pmra(), within(1e-3));
            assertThat(s.epoch()).isEqualTo(2016.0);
        }
    }

    @Test
    void unlimitedAsksOnceAndADepthLimitAtTheCapFailsLoudly() throws IOException {
        vizier.requests.clear();
        ConeAnswer a = client(VizierClient.Format.TSV, 0, 0).cone(RA, DEC, R);
        assertThat(a.stars()).hasSize(truthInCone().size());
        assertThat(vizier.requests).singleElement().satisfies(q -> assertThat(q.get("-out.max")).isEqualTo("unlimited"));

        assertThatThrownBy(() -> client(VizierClient.Format.TSV, 100, 1).cone(RA, DEC, R))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("still reaches the cap of 100 rows after 1 split(s)")
                .hasMessageContaining("reference.max_rows");
    }

    @Test
    void theRequestFollowsTheAsuConventions() {
        VizierClient c = new VizierClient(HTTP, null, CatalogSpec.USNOB1, VizierClient.Format.TSV, 50000, 4);
        URI u = c.coneUri(210.80214, 54.34763, 0.75);
        assertThat(u.toString()).startsWith("https://vizier.cds.unistra.fr/viz-bin/asu-tsv?-source=I%2F284%2Fout&")
                .contains("&-c=210.8021400%20%2B54.3476300&")
                .contains("&-c.rm=45.000000&")
                .contains("&-out.max=50000&")
                .contains("&-out=USNO-B1.0%2CRAJ2000%2CDEJ2000%2CEpoch%2CpmRA%2CpmDE%2CB1mag%2CR1mag%2CB2mag%2CR2mag%2CImag");
        URI g = new VizierClient(HTTP, "http://mirror.example/viz-bin/", CatalogSpec.GAIADR3, VizierClient.Format.VOTABLE, 0, 0)
                .coneUri(10, -5.5, 0.1);
        assertThat(g.toString()).startsWith("http://mirror.example/viz-bin/votable?-source=I%2F355%2Fgaiadr3&")
                .contains("-c=10.0000000%20-5.5000000").contains("-out.max=unlimited");
    }

    @Test
    void malformedRowsAreReportedAndTheRestKept() throws IOException {
        VizierClient c = new VizierClient(HTTP, vizier.endpoint("usnob1_malformed"), CatalogSpec.USNOB1,
                VizierClient.Format.TSV, 1000, 2);
        // The served answer is fixed: ask the cone it sits in.
        ConeAnswer a = c.cone(210.805, 54.35, 0.1);
        assertThat(a.stars()).extracting(RefStar::id).containsExactly("1443-0239281", "1443-0239288");
        assertThat(a.malformedRows()).isEqualTo(6);
        assertThat(a.problems()).allSatisfy(p -> assertThat(p).startsWith("VizieR " + c.coneUri(210.805, 54.35, 0.1) + " line "));
        assertThat(a.problems().stream().map(p -> p.replaceAll(".* line (\\d+):.*", "$1")).toList())
                .containsExactlyInAnyOrder("31", "32", "33", "34", "35", "36");
    }

    @Test
    void anEmptyAnswerIsAnEmptyList() throws IOException {
        VizierClient c = new VizierClient(HTTP, vizier.endpoint("empty"), CatalogSpec.USNOB1, VizierClient.Format.TSV, 1000, 2);
        ConeAnswer a = c.cone(0, 0, 0.1);
        assertThat(a.stars()).isEmpty();
        assertThat(a.problems()).isEmpty();
        assertThat(a.requests()).isEqualTo(1);
        // Far from every star of the fake sky: the documented header with no rows.
        assertThat(client(VizierClient.Format.TSV, 100, 2).cone(10, -40, 0.2).stars()).isEmpty();
        assertThat(client(VizierClient.Format.VOTABLE, 100, 2).cone(10, -40, 0.2).stars()).isEmpty();
    }

    @Test
    void fetcherFailuresSurfaceWithTheRequest() {
        VizierClient c503 = new VizierClient(HTTP, vizier.endpoint("status503"), CatalogSpec.GAIADR3, VizierClient.Format.TSV, 100, 2);
        assertThatThrownBy(() -> c503.cone(RA, DEC, R)).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 503").hasMessageContaining("/status503/asu-tsv?-source=I%2F355%2Fgaiadr3")
                .hasMessageContaining("Service temporarily unavailable");
        TextFetcher refused = uri -> {
            throw new IOException("connection refused: " + uri.getHost());
        };
        VizierReferenceCatalog cat = new VizierReferenceCatalog(
                new VizierClient(refused, "http://nowhere.invalid/viz-bin", CatalogSpec.GAIADR3, VizierClient.Format.TSV, 100, 2),
                new ConeCache(tmp.toUri().toString(), new Configuration()));
        assertThatThrownBy(() -> cat.cone(RA, DEC, R)).isInstanceOf(IOException.class)
                .hasMessage("connection refused: nowhere.invalid");
        assertThat(tmp.toFile().list()).as("nothing cached for a failed cone").isEmpty();
    }

    @Test
    void conesAreCachedAtomicallyAndReusedExactly() throws IOException {
        ConeCache cache = new ConeCache(tmp.resolve("cache").toUri().toString(), new Configuration());
        VizierReferenceCatalog cat = new VizierReferenceCatalog(client(VizierClient.Format.TSV, 600, 4), cache);
        assertThat(cat.name()).isEqualTo("gaiadr3");
        vizier.requests.clear();
        ConeAnswer first = cat.answer(RA, DEC, R);
        int asked = vizier.requests.size();
        assertThat(first.fromCache()).isFalse();
        assertThat(asked).isEqualTo(21);

        ConeAnswer again = cat.answer(RA, DEC, R);
        assertThat(again.fromCache()).isTrue();
        assertThat(vizier.requests).hasSize(asked);
        assertThat(again.stars()).isEqualTo(first.stars());

        Path file = tmp.resolve("cache").resolve(ConeCache.fileName(CatalogSpec.GAIADR3, RA, DEC, R));
        assertThat(file).exists();
        assertThat(file.getFileName().toString()).startsWith("gaiadr3_").contains("_ra150.0000000_dec+30.0000000_r0.5000000");
        try (Stream<Path> all = Files.walk(tmp.resolve("cache"))) {
            assertThat(all.filter(p -> p.getFileName().toString().contains(".tmp"))).isEmpty();
        }

        // A cut-short file (no end line) is not an answer: the cone is fetched again and rewritten.
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, lines.size() / 2));
        assertThat(cache.read(ConeCache.fileName(CatalogSpec.GAIADR3, RA, DEC, R))).isEmpty();
        ConeAnswer refetched = cat.answer(RA, DEC, R);
        assertThat(refetched.fromCache()).isFalse();
        assertThat(vizier.requests).hasSize(2 * asked);
        assertThat(Files.readAllLines(file)).isEqualTo(lines);

        // Another magnitude preference is another cache file.
        assertThat(ConeCache.fileName(CatalogSpec.GAIADR3.withMagnitudes(List.of("RPmag")), RA, DEC, R))
                .isNotEqualTo(ConeCache.fileName(CatalogSpec.GAIADR3, RA, DEC, R));
    }

    @Test
    void cacheRoundTripKeepsEveryValueAndNaN() throws IOException {
        ConeCache cache = new ConeCache(tmp.toUri().toString(), new Configuration());
        List<RefStar> stars = List.of(
                new RefStar("a b", 0.1 + 0.2, -89.999999999, 12.345678901234567, -801.551, 10362.394, 2016.0),
                new RefStar("x", 359.99999999999994, 0.0, Double.NaN, Double.NaN, Double.NaN, 2000.0),
                new RefStar("y", 1.0, 2.0, 3.0));
        cache.write("t/one.tsv", stars);
        assertThat(cache.read("t/one.tsv")).contains(stars);
        cache.write("t/none.tsv", List.of());
        assertThat(cache.read("t/none.tsv")).contains(List.of());
        assertThat(cache.read("t/absent.tsv")).isEmpty();
    }

    @Test
    void openBuildsTheCatalogFromConfigValues() throws IOException {
        VizierReferenceCatalog cat = VizierReferenceCatalog.open("GaiaDR3", List.of("Gmag"), vizier.endpoint("sky"),
                "votable", 5000, 2, tmp.resolve("c").toUri().toString(), new Configuration(), HTTP);
        assertThat(cat.name()).isEqualTo("gaiadr3");
        assertThat(cat.cone(RA, DEC, 0.1)).hasSize((int) vizier.stars.stream()
                .filter(s -> Angles.separationDeg(RA, DEC, s.ra(), s.dec()) <= 0.1).count());
        assertThat(tmp.resolve("c").resolve("gaiadr3")).isDirectory();
        assertThatThrownBy(() -> VizierReferenceCatalog.open("usnob2", null, null, "tsv", 10, 1, null, null, HTTP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference.catalog 'usnob2'");
        assertThatThrownBy(() -> VizierReferenceCatalog.open("usnob1", null, null, "csv", 10, 1, null, null, HTTP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference.format 'csv'");
    }
}
