package org.skysift.acquire;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skysift.acquire.FaultyFitsServer.Fault;
import org.skysift.sky.Tile;

@Tag("plain")
class HttpImageSourceTest {
    static final FetchPolicy POLICY = new FetchPolicy(2, 50, 2.0, 500, 3000, 3000, 50L << 20, 10_000, null);
    static FaultyFitsServer server;
    @TempDir
    Path dir;
    RecordingSleeper sleeper;
    ImageCache cache;
    List<ImageService> services;
    final TileRequest tile = new TileRequest(new Tile(2000007, 45.5, -12.25, 3, 3), null);

    @BeforeAll
    static void start() throws IOException {
        server = FaultyFitsServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.resetCounts();
        server.policy(FaultyFitsServer.always(Fault.ok()));
        sleeper = new RecordingSleeper();
        cache = new ImageCache(dir.toUri().toString(), new Configuration());
        services = List.of(new DssService("dss1-red", server.dssEndpoint()), new EsoDssService("dss1-red", server.esoEndpoint()));
    }

    HttpImageSource source(List<ImageService> s) {
        return new HttpImageSource(s, new HttpFetcher(POLICY, sleeper, new Random(3), Clock.systemUTC()), cache);
    }

    URI dssUrl() {
        return services.get(0).url(tile.tile());
    }

    @Test
    void downloadIsCachedAndAHitMakesNoRequest() throws IOException {
        AcquiredImage first = source(services).acquire(tile);
        assertThat(first.uri()).isEqualTo(dssUrl().toString());
        assertThat(first.bytes()).isEqualTo(server.expectedFits(dssUrl()));
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.sha256()).isEqualTo(Sha256.hex(first.bytes()));
        String key = ImageCache.key(tile.tile());
        assertThat(ImageCacheTest.files(dir)).containsExactly("dss/dss1-red/" + key + ".fits", "dss/dss1-red/" + key + ".fits.sha256");
        assertThat(server.totalRequests()).isEqualTo(1);

        // a fresh source (another task, a re-run) over the same cache
        AcquiredImage again = source(services).acquire(tile);
        assertThat(server.totalRequests()).isEqualTo(1);
        assertThat(again.attempts()).isZero();
        assertThat(again.sha256()).isEqualTo(first.sha256());
        assertThat(again.uri()).startsWith("file:").endsWith("/dss/dss1-red/" + key + ".fits");
    }

    @Test
    void corruptCachedFileIsRefetched() throws IOException {
        source(services).acquire(tile);
        Path file = dir.resolve("dss/dss1-red/" + ImageCache.key(tile.tile()) + ".fits");
        byte[] b = Files.readAllBytes(file);
        b[b.length - 7] ^= 0x40;
        Files.write(file, b);
        AcquiredImage again = source(services).acquire(tile);
        assertThat(server.totalRequests()).isEqualTo(2);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.bytes()).isEqualTo(server.expectedFits(dssUrl()));
        assertThat(Files.readAllBytes(file)).isEqualTo(again.bytes());
    }

    @Test
    void failedOrTruncatedDownloadsAreNeverCached() throws IOException {
        server.policy(FaultyFitsServer.always(Fault.truncated()));
        AcquireFailedException e = catchThrowableOfType(() -> source(services).acquire(tile), AcquireFailedException.class);
        assertThat(e.attempts()).isEqualTo(6);
        assertThat(e.getMessage()).startsWith("tile 2000007: no image from 2 services after 6 attempts: dss: 3 attempts, last HTTP 200 but truncated FITS")
                .contains("; eso-dss: 3 attempts, last HTTP 200 but truncated FITS");
        server.policy(FaultyFitsServer.always(Fault.dropMidBody()));
        catchThrowableOfType(() -> source(services).acquire(tile), AcquireFailedException.class);
        server.policy(FaultyFitsServer.always(Fault.html200()));
        AcquireOutcome o = source(services).prefetch(tile);
        assertThat(o.ok()).isFalse();
        assertThat(server.totalRequests()).isEqualTo(18);
        assertThat(ImageCacheTest.files(dir)).isEmpty();
    }

    @Test
    void fallsBackToTheNextServiceAfterFinalFailure() throws IOException {
        server.policy((n, path) -> path.equals(FaultyFitsServer.DSS_PATH) ? Fault.retryAfter(503, "1") : Fault.ok());
        AcquiredImage img = source(services).acquire(tile);
        URI eso = services.get(1).url(tile.tile());
        assertThat(img.uri()).isEqualTo(eso.toString());
        assertThat(img.bytes()).isEqualTo(server.expectedFits(eso));
        assertThat(img.attempts()).isEqualTo(4);
        assertThat(sleeper.sleeps()).containsExactly(1000L, 1000L);
        assertThat(ImageCacheTest.files(dir)).allMatch(f -> f.startsWith("eso-dss/dss1-red/"));
        // the processing stage finds it under the fallback's folder
        assertThat(source(services).readCached(tile).sha256()).isEqualTo(img.sha256());
    }

    @Test
    void a404FromAMisconfiguredServiceIsNotRetriedBeforeFallingBack() throws IOException {
        List<ImageService> s = List.of(new DssService("dss1-red", server.base() + "/wrong/path"), services.get(1));
        AcquiredImage img = source(s).acquire(tile);
        assertThat(img.attempts()).isEqualTo(2);
        assertThat(server.requestLog()).hasSize(2).first().asString().startsWith("/wrong/path?v=poss1_red");
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void prefetchThenReadCached() throws IOException {
        HttpImageSource src = source(services);
        server.enqueue(Fault.status(500), Fault.gzip());
        AcquireOutcome o = src.prefetch(tile);
        assertThat(o.ok()).isTrue();
        assertThat(o.cached()).isFalse();
        assertThat(o.service()).isEqualTo("dss");
        assertThat(o.uri()).isEqualTo(dssUrl().toString());
        assertThat(o.attempts()).isEqualTo(2);
        assertThat(o.bytes()).isEqualTo(server.expectedFits(dssUrl()).length);
        assertThat(o.sha256()).isEqualTo(Sha256.hex(server.expectedFits(dssUrl())));
        assertThat(o.cacheUri()).endsWith(ImageCache.key(tile.tile()) + ".fits");
        assertThat(o.reason()).isNull();
        assertThat(o.tileId()).isEqualTo(2000007);

        AcquireOutcome again = src.prefetch(tile);
        assertThat(again.ok()).isTrue();
        assertThat(again.cached()).isTrue();
        assertThat(again.attempts()).isZero();
        assertThat(again.sha256()).isEqualTo(o.sha256());
        assertThat(server.totalRequests()).isEqualTo(2);

        AcquiredImage img = src.readCached(tile);
        assertThat(img.bytes()).isEqualTo(server.expectedFits(dssUrl()));
        assertThat(img.uri()).isEqualTo(o.cacheUri());
        assertThat(img.attempts()).isZero();
        assertThat(server.totalRequests()).isEqualTo(2);
    }

    @Test
    void failedPrefetchIsAnOutcomeAndReadCachedSaysWhy() {
        server.policy(FaultyFitsServer.always(Fault.status(500)));
        AcquireOutcome o = source(services).prefetch(tile);
        assertThat(o.ok()).isFalse();
        assertThat(o.attempts()).isEqualTo(6);
        assertThat(o.reason()).contains("dss: 3 attempts, last HTTP 500").contains("eso-dss: 3 attempts, last HTTP 500");
        assertThat(o.sha256()).isNull();
        assertThat(o.cacheUri()).isNull();
        FileNotFoundException e = catchThrowableOfType(() -> source(services).readCached(tile), FileNotFoundException.class);
        assertThat(e.getMessage()).startsWith("tile 2000007: no verified image in the cache (")
                .contains("/dss/dss1-red/" + ImageCache.key(tile.tile()) + ".fits or the 1 fallback service folders)");
    }

    @Test
    void hips2fitsServesTheAskedGrid() throws IOException {
        Hips2FitsService h = new Hips2FitsService(null, server.hipsEndpoint(), 1.7);
        AcquiredImage img = source(List.of(h)).acquire(tile);
        assertThat(img.uri()).contains("hips=CDS/P/DSS2/red&width=106&height=106&fov=0.05005556&");
        assertThat(FitsIntegrity.problem(img.bytes())).isNull();
        assertThat(ImageCacheTest.files(dir)).first().asString().startsWith("hips2fits/CDS_P_DSS2_red/");
    }
}
