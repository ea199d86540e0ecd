package org.skysift.acquire;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.skysift.sky.Tile;
import org.skysift.synth.SyntheticRenderer;
import org.skysift.synth.SyntheticSky;
import org.skysift.synth.TestSkies;

/**
 * A local stand-in for the DSS cutout services, for tests: a JDK HttpServer on 127.0.0.1 (ephemeral
 * port) that answers STScI {@code dss_search}, ESO {@code /dss/dss/image} and CDS {@code hips2fits}
 * requests with a synthetic plate rendered at the asked position and size, and misbehaves on demand.
 *
 * <p>Each request takes the next {@link Fault} from a queue ({@link #enqueue}); when the queue is
 * empty the {@link Policy} decides (default: always {@link Fault#ok()}). The server counts requests
 * and the largest number in flight at once. Unknown paths answer 404.
 *
 * <pre>{@code
 * try (FaultyFitsServer server = FaultyFitsServer.start()) {
 *     server.enqueue(Fault.status(503), Fault.retryAfter(429, "2"));
 *     new DssService("dss1-red", server.dssEndpoint()) ...
 * }
 * }</pre>
 */
public final class FaultyFitsServer implements AutoCloseable {
    public static final String DSS_PATH = "/cgi-bin/dss_search";
    public static final String ESO_PATH = "/dss/dss/image";
    public static final String HIPS_PATH = "/hips-image-services/hips2fits";
    public static final String HTML_ERROR = "<!DOCTYPE html><html><head><title>Error</title></head>"
            + "<body><h1>Service busy</h1><p>Please try again later.</p></body></html>";

    /** What goes wrong with one response. */
    public enum Kind { OK, STATUS, RETRY_AFTER, SLOW_HEADERS, STALL_BODY, DROP_MID_BODY, TRUNCATED, HTML_200, GZIP, TOGETHER, ECHO }

    /**
     * One response's behaviour.
     *
     * @param status     HTTP status for STATUS and RETRY_AFTER
     * @param retryAfter Retry-After header value (seconds or an HTTP-date) for RETRY_AFTER
     * @param delayMs    wait before the headers (SLOW_HEADERS) or halfway through the body (STALL_BODY)
     */
    public record Fault(Kind kind, int status, String retryAfter, long delayMs) {
        public static Fault ok() {
            return new Fault(Kind.OK, 200, null, 0);
        }

        /** A bare status with a small HTML body: 500, 502, 404, 400 ... */
        public static Fault status(int status) {
            return new Fault(Kind.STATUS, status, null, 0);
        }

        /** 429 or 503 with a Retry-After header. */
        public static Fault retryAfter(int status, String value) {
            return new Fault(Kind.RETRY_AFTER, status, value, 0);
        }

        /** Headers only after {@code ms}: longer than the client's timeout makes it give up. */
        public static Fault slow(long ms) {
            return new Fault(Kind.SLOW_HEADERS, 200, null, ms);
        }

        /** Headers and half the body, then silence for {@code ms}, then the rest. */
        public static Fault stall(long ms) {
            return new Fault(Kind.STALL_BODY, 200, null, ms);
        }

        /** Headers announce the full length, half the body is sent, then the connection is closed. */
        public static Fault dropMidBody() {
            return new Fault(Kind.DROP_MID_BODY, 200, null, 0);
        }

        /** A well-formed 200 whose body is the FITS file cut at a block boundary (data missing). */
        public static Fault truncated() {
            return new Fault(Kind.TRUNCATED, 200, null, 0);
        }

        /** An HTML error page with status 200, as busy cutout servers send. */
        public static Fault html200() {
            return new Fault(Kind.HTML_200, 200, null, 0);
        }

        /**
         * The right image, but only once {@code n} requests with this fault have arrived (at most 60 s of
         * waiting): makes "n in flight" an event rather than a matter of timing.
         */
        public static Fault together(int n) {
            return new Fault(Kind.TOGETHER, 200, null, n);
        }

        /**
         * A status whose page repeats the request line and its Authorization header, as careless servers
         * do: whatever credentials the client sent come back in the error text.
         */
        public static Fault echo(int status) {
            return new Fault(Kind.ECHO, status, null, 0);
        }

        /** The right image, gzip-compressed (like dss_search with c=gzip), no Content-Encoding header. */
        public static Fault gzip() {
            return new Fault(Kind.GZIP, 200, null, 0);
        }
    }

    /** Chooses the fault for a request when the queue is empty. */
    @FunctionalInterface
    public interface Policy {
        Fault next(int requestNumber, String path);
    }

    public static Policy always(Fault f) {
        return (n, path) -> f;
    }

    /**
     * A {@code fraction} of requests faulted, each with a fault drawn from {@code palette}; seeded, so a
     * given order of requests always meets the same faults.
     */
    public static Policy randomFaults(double fraction, long seed, Fault... palette) {
        Random r = new Random(seed);
        List<Fault> kinds = List.of(palette);
        return (n, path) -> {
            synchronized (r) {
                return r.nextDouble() < fraction ? kinds.get(r.nextInt(kinds.size())) : Fault.ok();
            }
        };
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final SyntheticSky sky;
    private final Deque<Fault> queue = new ArrayDeque<>();
    private volatile Policy policy = always(Fault.ok());
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger together = new AtomicInteger();
    private final List<String> log = new ArrayList<>();
    private final Map<Kind, Integer> served = new EnumMap<>(Kind.class);
    private final Map<String, byte[]> rendered = new ConcurrentHashMap<>();

    private FaultyFitsServer(SyntheticSky sky) throws IOException {
        this.sky = sky;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faulty-fits-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server rendering from the standard test sky (seed 7). */
    public static FaultyFitsServer start() throws IOException {
        return start(new SyntheticSky(TestSkies.standard(7)));
    }

    public static FaultyFitsServer start(SyntheticSky sky) throws IOException {
        return new FaultyFitsServer(sky);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String dssEndpoint() {
        return base() + DSS_PATH;
    }

    public String esoEndpoint() {
        return base() + ESO_PATH;
    }

    public String hipsEndpoint() {
        return base() + HIPS_PATH;
    }

    /** Faults for the next requests, in order; after them the policy applies again. */
    public FaultyFitsServer enqueue(Fault... faults) {
        synchronized (queue) {
            queue.addAll(List.of(faults));
        }
        return this;
    }

    public FaultyFitsServer policy(Policy p) {
        this.policy = Objects.requireNonNull(p);
        return this;
    }

    /** Requests received (all paths, all outcomes). */
    public int totalRequests() {
        return total.get();
    }

    /** The most requests that were being answered at the same moment. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Path and query of every request so far, in arrival order. */
    public List<String> requestLog() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** How many responses of each kind were served. */
    public Map<Kind, Integer> served() {
        synchronized (served) {
            return Map.copyOf(new HashMap<>(served));
        }
    }

    /** Clears counters, log and queue; keeps the policy. */
    public void resetCounts() {
        total.set(0);
        together.set(0);
        maxInFlight.set(inFlight.get());
        synchronized (log) {
            log.clear();
        }
        synchronized (served) {
            served.clear();
        }
        synchronized (queue) {
            queue.clear();
        }
    }

    /** The FITS bytes the server sends (fault-free) for a request URL, to compare with what a client got. */
    public byte[] expectedFits(URI request) {
        byte[] b = render(request.getRawPath(), query(request.getRawQuery()));
        if (b == null) {
            throw new IllegalArgumentException("not a cutout request: " + request);
        }
        return b;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Fault nextFault(int n, String path) {
        synchronized (queue) {
            Fault f = queue.pollFirst();
            if (f != null) {
                return f;
            }
        }
        return policy.next(n, path);
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        int n = total.incrementAndGet();
        String path = ex.getRequestURI().getRawPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        synchronized (log) {
            log.add(path + (rawQuery == null ? "" : "?" + rawQuery));
        }
        try {
            ex.getRequestBody().readAllBytes();
            byte[] fits;
            try {
                fits = render(path, query(rawQuery));
            } catch (IllegalArgumentException e) {
                sendText(ex, 400, "text/plain", "bad request: " + e.getMessage());
                return;
            }
            if (fits == null) {
                sendText(ex, 404, "text/html", "<html><body><h1>404 Not Found</h1>" + path + "</body></html>");
                return;
            }
            Fault f = nextFault(n, path);
            synchronized (served) {
                served.merge(f.kind(), 1, Integer::sum);
            }
            respond(ex, f, fits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            ex.close();
        }
    }

    private void respond(HttpExchange ex, Fault f, byte[] fits) throws IOException, InterruptedException {
        switch (f.kind()) {
            case OK -> sendFits(ex, fits, "application/fits");
            case STATUS -> sendText(ex, f.status(), "text/html",
                    "<html><body><h1>" + f.status() + "</h1><p>injected failure</p></body></html>");
            case RETRY_AFTER -> {
                ex.getResponseHeaders().set("Retry-After", f.retryAfter());
                sendText(ex, f.status(), "text/html", "<html><body>Too busy, retry later</body></html>");
            }
            case SLOW_HEADERS -> {
                Thread.sleep(f.delayMs());
                sendFits(ex, fits, "application/fits");
            }
            case STALL_BODY -> {
                ex.getResponseHeaders().set("Content-Type", "application/fits");
                ex.sendResponseHeaders(200, fits.length);
                OutputStream out = ex.getResponseBody();
                out.write(fits, 0, fits.length / 2);
                out.flush();
                Thread.sleep(f.delayMs());
                out.write(fits, fits.length / 2, fits.length - fits.length / 2);
                out.close();
            }
            case DROP_MID_BODY -> {
                ex.getResponseHeaders().set("Content-Type", "application/fits");
                ex.sendResponseHeaders(200, fits.length);
                OutputStream out = ex.getResponseBody();
                out.write(fits, 0, fits.length / 2);
                out.flush();
                // Throwing out of the handler makes the server close the socket with the body unfinished.
                throw new IOException("injected connection drop after " + fits.length / 2 + " bytes");
            }
            case TRUNCATED -> {
                int blocks = fits.length / FitsIntegrity.BLOCK;
                int keep = Math.max(1, blocks / 2) * FitsIntegrity.BLOCK;
                byte[] cut = java.util.Arrays.copyOf(fits, Math.min(keep, fits.length - FitsIntegrity.BLOCK));
                sendFits(ex, cut, "application/fits");
            }
            case HTML_200 -> sendText(ex, 200, "text/html", HTML_ERROR);
            case GZIP -> sendFits(ex, gzip(fits), "application/x-gzip");
            case ECHO -> sendText(ex, f.status(), "text/html", "<html><body>refused GET " + ex.getRequestURI()
                    + " with Authorization: " + ex.getRequestHeaders().getFirst("Authorization") + "</body></html>");
            case TOGETHER -> {
                // counted on arrival, not as in flight: the first one answered leaves, the others must still go
                together.incrementAndGet();
                for (int i = 0; i < 12_000 && together.get() < f.delayMs(); i++) {
                    Thread.sleep(5);
                }
                sendFits(ex, fits, "application/fits");
            }
        }
    }

    private static void sendFits(HttpExchange ex, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendText(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream(b.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bo.toByteArray();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    /** The plate for a cutout request, or null when the path is not a cutout service. */
    private byte[] render(String path, Map<String, String> q) {
        double ra, dec, wArcmin, hArcmin;
        switch (path) {
            case DSS_PATH -> {
                ra = number(q, "r");
                dec = number(q, "d");
                wArcmin = number(q, "w");
                hArcmin = number(q, "h");
            }
            case ESO_PATH -> {
                ra = number(q, "ra");
                dec = number(q, "dec");
                wArcmin = number(q, "x");
                hArcmin = number(q, "y");
            }
            case HIPS_PATH -> {
                ra = number(q, "ra");
                dec = number(q, "dec");
                double fovArcmin = number(q, "fov") * 60.0;
                double w = number(q, "width");
                double h = number(q, "height");
                wArcmin = fovArcmin * w / Math.max(w, h);
                hArcmin = fovArcmin * h / Math.max(w, h);
            }
            default -> {
                return null;
            }
        }
        if (wArcmin <= 0 || hArcmin <= 0 || wArcmin > 120 || hArcmin > 120) {
            throw new IllegalArgumentException("cutout size " + wArcmin + "' x " + hArcmin + "' outside (0, 120]");
        }
        String key = String.format(java.util.Locale.ROOT, "%.6f %.6f %.4f %.4f", ra, dec, wArcmin, hArcmin);
        // Seeding the renderer by position keeps every answer for one field identical, as a real archive's.
        long id = Math.floorMod(Math.round(ra * 1e4) * 1_000_003L + Math.round(dec * 1e4), 1_000_000_000L);
        return rendered.computeIfAbsent(key,
                k -> SyntheticRenderer.render(new Tile(id, ra, dec, wArcmin, hArcmin), sky).fits());
    }

    private static double number(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter " + name);
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + "='" + v + "' is not a number");
        }
    }
}
