package com.impilo.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.model.ImpiloJson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An embedded Impilo v3 order API on loopback HTTP, for the bridge's sandbox mode, its tests and benchmarks. */
public final class ImpiloSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImpiloSandbox.class);

    static final String API_KEY_HEADER = "Impilo-API-Key";
    private static final String ORDERS_PATH = "/api/v3/order";
    private static final String PATIENTS_PATH = "/api/v3/patient";
    private static final String ITEMS_PATH = "/api/v3/item";
    private static final Pattern ORDER_PATH = Pattern.compile("/api/v3/order/(\\d{1,18})");
    // A benchmark opens many connections at once; the JDK default backlog of 50 would refuse some of them.
    private static final int BACKLOG = 1024;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiKey;
    private final byte[] apiKeyBytes;
    private final SandboxFaults faults = new SandboxFaults();
    private volatile boolean keyRevoked;
    private final AtomicInteger concurrentCalls = new AtomicInteger();
    private final AtomicInteger maxConcurrentCalls = new AtomicInteger();
    private final SandboxCatalog catalog = new SandboxCatalog();
    private final SandboxRules rules = new SandboxRules(catalog);
    private final SandboxOrderFactory factory = new SandboxOrderFactory(catalog);
    private final SandboxOrderStore store = new SandboxOrderStore();
    private final SandboxLifecycle lifecycle = new SandboxLifecycle(store, factory);
    private final Map<Integer, Runnable> afterListPage = new ConcurrentHashMap<>();
    private final AtomicInteger createRequests = new AtomicInteger();
    private final AtomicInteger lookupRequests = new AtomicInteger();
    private final Queue<Long> requestNanos = new ConcurrentLinkedQueue<>();
    private final Queue<Map<String, List<String>>> requestHeaders = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ImpiloSandbox(HttpServer server, ExecutorService executor, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.apiKey = apiKey;
        this.apiKeyBytes = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a sandbox on 127.0.0.1 at this port (0 for a free one) that accepts only this API key. */
    public static ImpiloSandbox start(int port, String apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        enableNoDelay();
        // Unbounded on purpose: added latency parks a thread per call and must not cap concurrency.
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(loopback(), port), BACKLOG);
            ImpiloSandbox sandbox = new ImpiloSandbox(server, executor, apiKey);
            server.createContext("/", sandbox::handle);
            server.setExecutor(executor);
            server.start();
            LOG.debug("Impilo sandbox listening on {}", sandbox.baseUrl());
            return sandbox;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the Impilo sandbox on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** For example {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String apiKey() {
        return apiKey;
    }

    public SandboxFaults faults() {
        return faults;
    }

    /** The most calls that were in progress at the same time, since start; measured while latency is added. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls.get();
    }

    /** Refuses the API key from now on (401 on every call), as when a key is revoked or expires. */
    public void revokeKey() {
        keyRevoked = true;
    }

    /** Accepts the API key again. */
    public void restoreKey() {
        keyRevoked = false;
    }

    /**
     * Order ids from now on start after {@code id}: a sandbox started again on the same data folder never gives an id
     * that an earlier run gave to another order.
     */
    public void continueIdsAfter(long id) {
        store.continueAfter(id);
    }

    /** Moves orders through their life: test knobs and an optional timer. */
    public SandboxLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * Creates an order as {@code POST /api/v3/order} would, without HTTP and without counting a request: for seeding
     * tests and demos. The request must pass the API's rules.
     */
    public JsonNode createOrder(String requestJson) {
        ObjectNode request;
        try {
            request = (ObjectNode) ImpiloJson.mapper().readTree(requestJson);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not an order request: " + e.getMessage(), e);
        }
        rules.check(request);
        return store.place(id -> factory.build(id, request, Instant.now()));
    }

    /**
     * Runs {@code action} once, the next time page {@code page} of {@code GET /api/v3/order} is answered: after the
     * page's content is taken and before it is sent, so that the client's next request sees what the action did
     * (orders created while a client walks the pages).
     */
    public void afterListPage(int page, Runnable action) {
        afterListPage.put(page, action);
    }

    /** Every stored order, ascending id; copies, so changing them does not change the sandbox. */
    public List<JsonNode> orders() {
        return store.all();
    }

    public Optional<JsonNode> order(long id) {
        return store.find(id);
    }

    /** How many POST /api/v3/order requests arrived, whatever their answer (401, fault, 400 or 201). */
    public int createRequests() {
        return createRequests.get();
    }

    /** When each request arrived ({@link System#nanoTime()}), oldest first. */
    public List<Long> requestNanos() {
        return List.copyOf(requestNanos);
    }

    /** How many patient and item lookups (GET /api/v3/patient..., /api/v3/item) were received. */
    public int lookupRequests() {
        return lookupRequests.get();
    }

    /** The headers of every request received, oldest first; header names are looked up ignoring case. */
    public List<Map<String, List<String>>> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    /** Forgets orders, request counts and headers; fault settings stay (see {@link SandboxFaults#reset()}). */
    public void clear() {
        store.clear();
        createRequests.set(0);
        lookupRequests.set(0);
        requestNanos.clear();
        requestHeaders.clear();
    }

    /** Stops accepting at once and ends calls in progress, including those sleeping for added latency. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lifecycle.close();
            int port = port();
            server.stop(0);
            executor.shutdownNow();
            LOG.debug("Impilo sandbox on port {} stopped", port);
        }
    }

    private void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            requestNanos.add(System.nanoTime());
            requestHeaders.add(SandboxHttp.copyOf(exchange.getRequestHeaders()));
            route(exchange, method, path);
        } catch (SandboxApiException e) {
            respondWithError(exchange, e.status(), e.code(), e.getMessage());
        } catch (InterruptedException e) {
            // The sandbox is closing while this call waits out its latency: drop the call.
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("{} {}: connection failed: {}", method, path, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("{} {}: sandbox failure", method, path, e);
            respondWithError(exchange, 500, null, "internal sandbox error");
        } finally {
            exchange.close();
            LOG.debug("{} {} -> {}", method, path, exchange.getResponseCode());
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException, InterruptedException {
        if (ORDERS_PATH.equals(path)) {
            if ("POST".equals(method)) {
                createRequests.incrementAndGet();
                if (admit(exchange)) {
                    create(exchange);
                }
            } else if ("GET".equals(method)) {
                if (admit(exchange)) {
                    list(exchange);
                }
            } else {
                methodNotAllowed(exchange, "GET, POST");
            }
            return;
        }
        Matcher order = ORDER_PATH.matcher(path);
        if (order.matches()) {
            long id = Long.parseLong(order.group(1));
            if ("GET".equals(method)) {
                if (admit(exchange)) {
                    fetch(exchange, id);
                }
            } else if ("DELETE".equals(method)) {
                if (admit(exchange)) {
                    voidOrder(exchange, id);
                }
            } else {
                methodNotAllowed(exchange, "GET, DELETE");
            }
            return;
        }
        if ("GET".equals(method) && (path.equals(PATIENTS_PATH) || path.startsWith(PATIENTS_PATH + "/identifier/")
                || path.equals(ITEMS_PATH))) {
            lookupRequests.incrementAndGet();
            if (admit(exchange)) {
                lookup(exchange, path);
            }
            return;
        }
        SandboxHttp.sendError(exchange, 404, null, "no such endpoint: " + method + " " + path);
    }

    // The patient list filtered by external identifiers, one patient by its identifier (404 when unknown, as Impilo
    // answers), and the item list filtered by SKU: pages of what the catalog holds.
    private void lookup(HttpExchange exchange, String path) throws IOException {
        Map<String, List<String>> query = SandboxHttp.queryOf(exchange.getRequestURI().getRawQuery());
        if (path.startsWith(PATIENTS_PATH + "/identifier/")) {
            String identifier = URLDecoder.decode(path.substring((PATIENTS_PATH + "/identifier/").length()),
                    StandardCharsets.UTF_8);
            List<ObjectNode> found = catalog.patientsWithExternalIdentifier(List.of(identifier));
            if (found.isEmpty()) {
                SandboxHttp.sendError(exchange, 404, null, "no patient with external identifier " + identifier);
            } else {
                SandboxHttp.sendJson(exchange, 200, found.get(0));
            }
            return;
        }
        List<ObjectNode> content = path.equals(PATIENTS_PATH)
                ? catalog.patientsWithExternalIdentifier(query.getOrDefault("externalIdentifier", List.of()))
                : catalog.itemsWithSku(query.getOrDefault("sku", List.of("")).get(0));
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        page.putArray("content").addAll(content);
        page.put("page", 1);
        page.put("size", content.size());
        page.put("total", content.size());
        page.put("first", true);
        page.put("last", true);
        SandboxHttp.sendJson(exchange, 200, page);
    }

    /** The key check, then the fault knobs; false when the call has been answered already. */
    private boolean admit(HttpExchange exchange) throws IOException, InterruptedException {
        String key = exchange.getRequestHeaders().getFirst(API_KEY_HEADER);
        // Constant-time comparison, so the sandbox does not teach a timing leak by example.
        if (keyRevoked || key == null || !MessageDigest.isEqual(apiKeyBytes, key.getBytes(StandardCharsets.UTF_8))) {
            SandboxHttp.sendError(exchange, 401, null, "missing or invalid Impilo-API-Key");
            return false;
        }
        Duration latency = faults.currentLatency();
        if (!latency.isZero()) {
            // counted while waiting out the latency, where the client surely still waits for its answer: counting up
            // to the written answer would overlap with the client's next call and show one call too many
            maxConcurrentCalls.accumulateAndGet(concurrentCalls.incrementAndGet(), Math::max);
            try {
                TimeUnit.NANOSECONDS.sleep(latency.toNanos());
            } finally {
                concurrentCalls.decrementAndGet();
            }
        }
        Optional<SandboxFaults.Fault> fault = faults.next("POST".equals(exchange.getRequestMethod())
                && exchange.getRequestURI().getPath().equals(ORDERS_PATH));
        if (fault.isEmpty()) {
            return true;
        }
        int status = fault.get().status();
        fault.get().retryAfterSeconds().ifPresent(
                seconds -> exchange.getResponseHeaders().set("Retry-After", Integer.toString(seconds)));
        if (fault.get().hostile().isPresent()) {
            SandboxHttp.sendHostile(exchange, status, fault.get().hostile().get());
        } else {
            SandboxHttp.sendError(exchange, status, null, reason(status) + " (sandbox fault)");
        }
        return false;
    }

    private void create(HttpExchange exchange) throws IOException {
        ObjectNode request = SandboxHttp.readObject(exchange);
        rules.check(request);
        ObjectNode order = store.place(id -> factory.build(id, request, Instant.now()));
        Duration answerDelay = faults.answerDelay();
        Duration trickleDelay = faults.trickleDelay();
        try {
            TimeUnit.NANOSECONDS.sleep(answerDelay.toNanos());
            if (trickleDelay.isZero()) {
                SandboxHttp.sendJson(exchange, 201, order);
            } else {
                SandboxHttp.trickleJson(exchange, 201, order, trickleDelay);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        SandboxListQuery query = SandboxListQuery.parse(exchange.getRequestURI().getRawQuery());
        ObjectNode page = store.page(query);
        Runnable action = afterListPage.remove(query.page());
        if (action != null) {
            action.run();
        }
        SandboxHttp.sendJson(exchange, 200, page);
    }

    private void fetch(HttpExchange exchange, long id) throws IOException {
        JsonNode order = store.find(id).orElseThrow(() -> orderNotFound(id));
        SandboxHttp.sendJson(exchange, 200, order);
    }

    private void voidOrder(HttpExchange exchange, long id) throws IOException {
        if (!store.voidOrder(id, factory.event(SandboxOrderStore.VOIDED, Instant.now()))) {
            throw orderNotFound(id);
        }
        SandboxHttp.sendEmpty(exchange, 204);
    }

    private static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        SandboxHttp.sendError(exchange, 405, null, "method " + exchange.getRequestMethod() + " not allowed");
    }

    private static SandboxApiException orderNotFound(long id) {
        return SandboxApiException.notFound("order " + id + " not found");
    }

    private static void respondWithError(HttpExchange exchange, int status, String code, String message) {
        // Headers already sent means the answer is on its way; a second one would corrupt the stream.
        if (exchange.getResponseCode() != -1) {
            return;
        }
        try {
            SandboxHttp.sendError(exchange, status, code, message);
        } catch (IOException e) {
            LOG.debug("could not send the error answer: {}", e.toString());
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 408 -> "request timeout";
            case 409 -> "conflict";
            case 429 -> "too many requests";
            case 500 -> "internal server error";
            case 502 -> "bad gateway";
            case 503 -> "service unavailable";
            case 504 -> "gateway timeout";
            default -> "error " + status;
        };
    }

    private static void enableNoDelay() {
        // The JDK server writes headers and body in two segments; with Nagle's algorithm on, the second waits for
        // the client's delayed ACK and every call costs ~40 ms. The server reads this property once, on first use,
        // and it affects only JDK HttpServers, so setting it JVM-wide is safe; an explicit setting is respected.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private static InetAddress loopback() {
        try {
            // Explicitly IPv4, so that baseUrl() is right even where the JVM prefers IPv6.
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "impilo-sandbox-" + count.incrementAndGet());
            // Daemon threads: a sandbox someone forgot to close must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
