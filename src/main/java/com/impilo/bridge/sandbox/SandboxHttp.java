package com.impilo.bridge.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.model.ImpiloJson;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.net.URLDecoder;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** Reading requests and writing the sandbox's JSON answers on a JDK {@link HttpExchange}. */
final class SandboxHttp {

    // An order is a few kilobytes; the cap keeps a runaway client from filling the heap.
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    // Strict about trailing garbage, as a real server would be; the shared mapper itself stays lenient.
    private static final ObjectReader READER =
            ImpiloJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SandboxHttp() {
    }

    /** The request body as a JSON object; a 400 when it is anything else, a 413 when it is too large. */
    static ObjectNode readObject(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw SandboxApiException.tooLarge("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw SandboxApiException.badRequest("request body must be a JSON object");
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = ImpiloJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            // HEAD answers carry no body; announcing a length would make the JDK server warn on every call.
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** As {@link #sendJson}, but chunked and one byte at a time with a pause before each; stops when the client left. */
    static void trickleJson(HttpExchange exchange, int status, JsonNode body, Duration byteDelay)
            throws IOException, InterruptedException {
        byte[] bytes = ImpiloJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte b : bytes) {
                TimeUnit.NANOSECONDS.sleep(byteDelay.toNanos());
                out.write(b);
                out.flush();
            }
        }
    }

    /** A hostile error answer, streamed: a gzip bomb or a huge plain message. Stops when the client left. */
    static void sendHostile(HttpExchange exchange, int status, SandboxFaults.Hostile hostile) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, hostile.body() == SandboxFaults.HostileBody.GZIP_BOMB ? (byte) 0 : (byte) 'x');
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        if (hostile.body() == SandboxFaults.HostileBody.GZIP_BOMB) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream body = exchange.getResponseBody();
             OutputStream out = hostile.body() == SandboxFaults.HostileBody.GZIP_BOMB
                     ? new GZIPOutputStream(body, chunk.length) : body) {
            for (long left = hostile.bytes(); left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        } catch (IOException clientLeft) {
            // the client stopped reading, as it should
        }
    }

    static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        // -1, not 0: the JDK server reads 0 as "chunked body follows".
        exchange.sendResponseHeaders(status, -1);
    }

    /** An error answer: 400s always carry "code" (null when none applies), other statuses only status and message. */
    static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode body = ImpiloJson.mapper().createObjectNode();
        body.put("status", status);
        if (status == 400) {
            body.put("code", code);
        }
        body.put("message", message);
        sendJson(exchange, status, body);
    }

    /** An immutable copy of request headers whose lookups ignore case, as HTTP header names do. */
    static Map<String, List<String>> copyOf(Headers headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The parameters of a raw (still percent-encoded) query string, null meaning none, each decoded, in order; a name
     * may come several times. A malformed escape is a 400.
     */
    static Map<String, List<String>> queryOf(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SandboxApiException.badRequest("malformed query string");
        }
    }
}
