package dev.mmspec.cli;

import dev.mmspec.engine.trace.json.Json;
import dev.mmspec.engine.trace.json.JsonException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client: nothing is
 * downloaded, and the page runs its script as a user's browser would. Only for tests.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private int nextId;

    /** @return the browser binary, or null when none is installed. */
    static Path find() {
        for (String name : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(name))) {
                return Path.of(name);
            }
        }
        return null;
    }

    HeadlessChromium(Path binary, Path profile) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "--window-size=1400,900",
                "about:blank"));
        process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String browserUrl = null;
        BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line; browserUrl == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserUrl = m.group(1);
            }
        }
        if (browserUrl == null) {
            process.destroyForcibly();
            throw new IOException("chromium did not open its DevTools port");
        }
        Thread drain = new Thread(() -> err.lines().forEach(l -> {}), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(browserUrl);
        String list = HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(URI.create(
                                        "http://" + browser.getHost() + ":" + browser.getPort() + "/json/list"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        String page = null;
        try {
            for (Object target : (List<?>) Json.parse(list)) {
                Map<?, ?> t = (Map<?, ?>) target;
                if ("page".equals(t.get("type"))) {
                    page = (String) t.get("webSocketDebuggerUrl");
                }
            }
        } catch (JsonException e) {
            throw new IOException("unexpected /json/list answer: " + list, e);
        }
        if (page == null) {
            throw new IOException("chromium has no page target: " + list);
        }
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(page), new Listener())
                .join();
    }

    /** Loads {@code file} and waits for its script to have run. */
    void open(Path file) throws Exception {
        call("Page.enable", Map.of());
        call("Page.navigate", Map.of("url", file.toAbsolutePath().toUri().toString()));
        for (int i = 0; i < 200 && !"complete".equals(evaluate("document.readyState")); i++) {
            Thread.sleep(50);
        }
    }

    /**
     * @return the value of a JavaScript expression in the page (strings, numbers, booleans; JSON.stringify the rest).
     */
    Object evaluate(String expression) throws Exception {
        Map<String, Object> result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        Map<?, ?> inner = (Map<?, ?>) result.get("result");
        if (result.containsKey("exceptionDetails")) {
            throw new AssertionError("script error in the page: " + Json.writeCompact(result.get("exceptionDetails")));
        }
        Object value = ((Map<?, ?>) inner).get("value");
        return value instanceof java.math.BigInteger b ? (Object) b.longValueExact() : value;
    }

    /** Sends a key press (as a user's keyboard would) to the focused element. */
    void press(String key) throws Exception {
        for (String type : List.of("keyDown", "keyUp")) {
            call("Input.dispatchKeyEvent", Map.of("type", type, "key", key, "code", key));
        }
    }

    /** Clicks at the centre of the element {@code selector} names, with a real mouse event. */
    void click(String selector) throws Exception {
        String box =
                (String) evaluate("JSON.stringify(document.querySelector('" + selector + "').getBoundingClientRect())");
        Map<?, ?> rect = (Map<?, ?>) Json.parse(box);
        double x = number(rect.get("x")) + number(rect.get("width")) / 2;
        double y = number(rect.get("y")) + number(rect.get("height")) / 2;
        for (String type : List.of("mousePressed", "mouseReleased")) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", type);
            event.put("x", x);
            event.put("y", y);
            event.put("button", "left");
            event.put("clickCount", 1);
            call("Input.dispatchMouseEvent", event);
        }
    }

    void screenshot(Path png) throws Exception {
        Map<String, Object> result =
                call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode((String) result.get("data")));
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private synchronized Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        int id = ++nextId;
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        socket.sendText(Json.writeCompact(message), true).join();
        Map<String, Object> reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.containsKey("error")) {
            throw new IOException(method + ": " + Json.writeCompact(reply.get("error")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) reply.get("result");
        return result;
    }

    /** Collects message fragments and completes the call each answer belongs to; events are ignored. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> message = (Map<String, Object>) Json.parse(text.toString());
                    Object id = message.get("id");
                    if (id != null) {
                        CompletableFuture<Map<String, Object>> f = pending.remove(((Number) id).intValue());
                        if (f != null) {
                            f.complete(message);
                        }
                    }
                } catch (JsonException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    /**
     * Stops the browser and every process it started. Chromium's renderer, GPU and zygote processes outlive the main
     * one for a moment and keep writing into the profile directory, so a caller's {@code @TempDir} could not be deleted
     * ("DirectoryNotEmptyException: .../profile/Default", seen in CI): they are collected before the main process goes
     * (once it has, they are no longer its descendants) and waited for too.
     */
    @Override
    public void close() {
        socket.abort();
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle helper : helpers) {
                helper.destroy();
            }
            for (ProcessHandle helper : helpers) {
                try {
                    helper.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    helper.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
