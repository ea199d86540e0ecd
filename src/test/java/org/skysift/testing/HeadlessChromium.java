package org.skysift.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the DevTools protocol with the JDK's WebSocket client. The
 * browser is found through SKYSIFT_CHROMIUM or on the PATH; when there is none the test is skipped,
 * except on CI (CI=true), where a missing browser fails it. Each instance has its own profile folder.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration CONDITION_WAIT = Duration.ofSeconds(15);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** SKYSIFT_CHROMIUM, else chromium, chromium-browser, google-chrome on the PATH. */
    public static Optional<Path> executable() {
        String env = System.getenv("SKYSIFT_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts a browser, or skips the calling test when none is installed (fails instead when CI=true). */
    public static HeadlessChromium launchOrSkip() throws IOException, InterruptedException {
        Optional<Path> exe = executable();
        if (exe.isEmpty()) {
            throw Prerequisites.missing("no Chromium found", "set SKYSIFT_CHROMIUM or put chromium on the PATH");
        }
        return launch(exe.get());
    }

    public static HeadlessChromium launch(Path exe) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("skysift-chromium-");
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--headless=new", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--no-first-run",
                "--no-default-browser-check", "--disable-gpu", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                "--hide-scrollbars", "--mute-audio", "--window-size=1400,1000"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--no-sandbox");
        }
        cmd.add("about:blank");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (!p.isAlive()) {
                    throw new IOException("Chromium exited with " + p.exitValue() + ": "
                            + Files.readString(profile.resolve("chromium.log")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Chromium wrote no DevToolsActivePort within " + WAIT);
                }
                Thread.sleep(50);
            }
            List<String> lines = Files.readAllLines(portFile);
            URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
            Listener listener = new Listener();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(ws, listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium c = new HeadlessChromium(p, profile, socket);
            listener.owner = c;
            return c;
        } catch (Exception e) {
            p.destroyForcibly();
            deleteTree(profile);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot connect to Chromium", e);
        }
    }

    /** A new tab with the page, runtime, log and network domains on. */
    public Page newPage(int width, int height) throws IOException {
        String target = call("Target.createTarget", obj().put("url", "about:blank"), null).path("targetId").asText();
        String session = call("Target.attachToTarget", obj().put("targetId", target).put("flatten", true), null)
                .path("sessionId").asText();
        Page page = new Page(session);
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            page.send(domain + ".enable", obj());
        }
        page.send("Emulation.setDeviceMetricsOverride", obj().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
        return page;
    }

    private JsonNode call(String method, ObjectNode params, String session) throws IOException {
        long id = ids.incrementAndGet();
        ObjectNode msg = obj().put("id", id).put("method", method);
        msg.set("params", params);
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            socket.sendText(JSON.writeValueAsString(msg), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            JsonNode r = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IOException(method + ": " + r.get("error"));
            }
            return r.path("result");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(method + " got no answer", e);
        } finally {
            pending.remove(id);
        }
    }

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser is stopped below either way
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    private static final class Listener implements WebSocket.Listener {
        HeadlessChromium owner;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(partial.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = owner.pending.get(msg.get("id").asLong());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        owner.events.add(msg);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable DevTools message", e);
                } finally {
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }
    }

    /** One tab, attached through a flat session. */
    public final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        public JsonNode send(String method, ObjectNode params) throws IOException {
            return call(method, params, session);
        }

        /** Opens the URL and waits for its load event. */
        public void navigate(String url) throws IOException, InterruptedException {
            int before = events.size();
            send("Page.navigate", obj().put("url", url));
            waitForEvent("Page.loadEventFired", before);
        }

        private void waitForEvent(String method, int from) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (int i = from; i < events.size(); i++) {
                    JsonNode e = events.get(i);
                    if (method.equals(e.path("method").asText()) && session.equals(e.path("sessionId").asText())) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            throw new IOException("no " + method + " within " + WAIT);
        }

        /** The JSON value of a JavaScript expression (promises awaited); a thrown error fails. */
        public JsonNode eval(String expression) throws IOException {
            JsonNode r = send("Runtime.evaluate", obj().put("expression", expression).put("returnByValue", true)
                    .put("awaitPromise", true));
            if (r.has("exceptionDetails")) {
                throw new IOException("script failed: " + expression + ": " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        /** Polls the expression until it is true. */
        public void waitUntil(String expression) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + CONDITION_WAIT.toNanos();
            while (!eval(expression).asBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("still false after " + CONDITION_WAIT + ": " + expression);
                }
                Thread.sleep(25);
            }
        }

        /** A real mouse click in the middle of the first element matching the selector. */
        public void click(String selector) throws IOException {
            JsonNode box = eval("(() => { const e = document.querySelector(" + JSON.valueToTree(selector)
                    + "); if (!e) throw new Error('no element ' + " + JSON.valueToTree(selector) + ");"
                    + " e.scrollIntoView({block: 'center', behavior: 'instant'}); const r = e.getBoundingClientRect();"
                    + " const x = r.left + r.width / 2, y = r.top + r.height / 2, hit = document.elementFromPoint(x, y);"
                    + " if (!hit || !(e === hit || e.contains(hit))) throw new Error('something covers ' + "
                    + JSON.valueToTree(selector) + "); return {x, y}; })()");
            double x = box.path("x").asDouble(), y = box.path("y").asDouble();
            send("Input.dispatchMouseEvent", obj().put("type", "mouseMoved").put("x", x).put("y", y));
            for (String type : List.of("mousePressed", "mouseReleased")) {
                send("Input.dispatchMouseEvent", obj().put("type", type).put("x", x).put("y", y)
                        .put("button", "left").put("clickCount", 1));
            }
        }

        /** Clicks the input and types the text as the keyboard would insert it. */
        public void type(String selector, String text) throws IOException {
            click(selector);
            send("Input.insertText", obj().put("text", text));
        }

        /** A PNG of the whole page, or of the element matching the selector. */
        public void screenshot(Path png, String selector) throws IOException {
            // lazy images beyond the viewport would show as empty boxes
            eval("Promise.all([...document.images].map(i => { i.loading = 'eager'; return i.decode().catch(() => 0); }))");
            ObjectNode clip;
            if (selector == null) {
                JsonNode size = send("Page.getLayoutMetrics", obj()).path("cssContentSize");
                clip = obj().put("x", 0).put("y", 0).put("width", size.path("width").asDouble())
                        .put("height", size.path("height").asDouble());
            } else {
                JsonNode r = eval("(() => { const r = document.querySelector(" + JSON.valueToTree(selector)
                        + ").getBoundingClientRect(); return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; })()");
                clip = obj().put("x", r.path("x").asDouble()).put("y", r.path("y").asDouble())
                        .put("width", r.path("width").asDouble()).put("height", r.path("height").asDouble());
            }
            clip.put("scale", 1);
            ObjectNode params = obj().put("format", "png").put("captureBeyondViewport", true);
            params.set("clip", clip);
            String data = send("Page.captureScreenshot", params).path("data").asText();
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(data));
        }

        /** Console errors, uncaught exceptions, error log entries and failed or refused requests so far. */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            Map<String, String> urls = new ConcurrentHashMap<>();
            for (JsonNode e : mine()) {
                JsonNode p = e.path("params");
                switch (e.path("method").asText()) {
                    case "Network.requestWillBeSent" -> urls.put(p.path("requestId").asText(), p.path("request").path("url").asText());
                    case "Runtime.consoleAPICalled" -> {
                        if (List.of("error", "assert").contains(p.path("type").asText())) {
                            out.add("console." + p.path("type").asText() + ": " + p.path("args"));
                        }
                    }
                    case "Runtime.exceptionThrown" -> out.add("exception: " + p.path("exceptionDetails"));
                    case "Log.entryAdded" -> {
                        if ("error".equals(p.path("entry").path("level").asText())) {
                            out.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
                        }
                    }
                    case "Network.loadingFailed" -> out.add("request failed: "
                            + urls.getOrDefault(p.path("requestId").asText(), "?") + " " + p.path("errorText").asText());
                    case "Network.responseReceived" -> {
                        int status = p.path("response").path("status").asInt();
                        if (status >= 400) {
                            out.add("HTTP " + status + ": " + p.path("response").path("url").asText());
                        }
                    }
                    default -> { }
                }
            }
            return out;
        }

        /** Every URL the page asked for. */
        public List<String> requestedUrls() {
            List<String> out = new ArrayList<>();
            for (JsonNode e : mine()) {
                if ("Network.requestWillBeSent".equals(e.path("method").asText())) {
                    out.add(e.path("params").path("request").path("url").asText());
                }
            }
            return out;
        }

        private List<JsonNode> mine() {
            return events.stream().filter(isMine()).toList();
        }

        private Predicate<JsonNode> isMine() {
            return e -> session.equals(e.path("sessionId").asText());
        }
    }
}
