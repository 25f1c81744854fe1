package com.impilo.bridge.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.model.ImpiloJson;

/**
 * One cheap authenticated read (a list of one order) before the first pickup, telling apart what can be wrong with
 * where the bridge sends orders: a wrong path or scheme, a host that cannot be reached, a refused key, or nothing. No
 * order is ever sent, rejected or dead-lettered because the bridge was pointed at the wrong place.
 */
public final class ApiPreflight {

    /** What the check found. */
    public enum Verdict {
        /** The API answered with a page of orders: pickup may start. */
        READY,
        /** The API refused the key (401, 403). */
        KEY_REFUSED,
        /** No usable answer now (no connection, a timeout, 5xx, 429): it may come back by itself. */
        UNREACHABLE,
        /** Whatever answered is not the Impilo API at this URL (404, a redirect, TLS against plain HTTP, ...). */
        MISCONFIGURED
    }

    /** The verdict and, unless ready, what the operator reads: the URL and what answered. */
    public record Result(Verdict verdict, String message) {

        public boolean ready() {
            return verdict == Verdict.READY;
        }
    }

    /** The path every check reads: a list of one order. */
    static final String PATH = "/api/v3/order?size=1";
    // A second look at the same host and port with the other scheme, only to name the mistake: kept short.
    private static final Duration OTHER_SCHEME_TIMEOUT = Duration.ofSeconds(3);
    // a healthy API lists one order in well under a second; a check that waits longer only delays the start
    private static final Duration MAX_ANSWER = Duration.ofSeconds(10);

    private final String baseUrl;
    private final String apiKey;
    private final Duration connectTimeout;
    private final Duration answerTimeout;

    /**
     * @param baseUrl the API's base URL as configured, without a trailing slash
     */
    public ApiPreflight(String baseUrl, String apiKey, Duration connectTimeout, Duration answerTimeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.connectTimeout = connectTimeout;
        this.answerTimeout = answerTimeout;
    }

    /** The longest the check waits for an answer: the configured response timeout, at most 10 s. */
    public static Duration answerTimeout(Duration responseTimeout) {
        return responseTimeout.compareTo(MAX_ANSWER) < 0 ? responseTimeout : MAX_ANSWER;
    }

    /** Asks the API once; never throws. */
    public Result check() {
        String url = baseUrl + PATH;
        try {
            HttpResponse<String> answer = get(url, answerTimeout);
            return judge(answer);
        } catch (HttpConnectTimeoutException e) {
            // the TLS handshake counts toward the connection: a plain HTTP port never answers it
            if (baseUrl.startsWith("https:") && otherSchemeAnswers("http")) {
                return misconfigured("got no TLS handshake within " + connectTimeout.toMillis() + " ms, but the server"
                        + " answers plain HTTP: the URL must start with http://");
            }
            return unreachable("no connection within " + connectTimeout.toMillis() + " ms (bridge.http.connect-timeout)");
        } catch (ConnectException e) {
            return unreachable(connectFailure(e));
        } catch (SSLException e) {
            return misconfigured("the TLS handshake failed (" + e.getMessage() + ")" + (otherSchemeAnswers("http")
                    ? ": the server speaks plain HTTP, so the URL must start with http://"
                    : ": is the scheme right, and is the server's certificate trusted?"));
        } catch (HttpTimeoutException e) {
            if (baseUrl.startsWith("https:") && otherSchemeAnswers("http")) {
                return misconfigured("no TLS answer within " + answerTimeout.toMillis() + " ms, but the server answers"
                        + " plain HTTP: the URL must start with http://");
            }
            return unreachable("no answer within " + answerTimeout.toMillis() + " ms (bridge.http.response-timeout)");
        } catch (IOException e) {
            if (baseUrl.startsWith("http:") && otherSchemeAnswers("https")) {
                return misconfigured("the server did not answer plain HTTP (" + describe(e) + ") but answers TLS: the"
                        + " URL must start with https://");
            }
            return unreachable(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable("interrupted");
        }
    }

    private Result judge(HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status >= 200 && status < 300) {
            return isPage(answer.body()) ? new Result(Verdict.READY, "the Impilo API at " + baseUrl + " answers")
                    : misconfigured("answered HTTP " + status + " but not with a page of orders: is this the Impilo"
                    + " API's base URL?");
        }
        if (status == 401 || status == 403) {
            return new Result(Verdict.KEY_REFUSED, "the Impilo API at " + baseUrl + " refused the API key (HTTP "
                    + status + "): check impilo.api.key (env IMPILO_API_KEY)");
        }
        if (status >= 500 || status == 408 || status == 429) {
            return unreachable("answered HTTP " + status);
        }
        if (status >= 300 && status < 400) {
            String location = answer.headers().firstValue("Location").orElse("another address");
            return misconfigured("answered HTTP " + status + ", redirecting to " + location + ": set the base URL it"
                    + " names instead");
        }
        String hint = status == 404 ? baseUrl.matches(".*/api(/v\\d+)?/?$")
                ? ": the base URL must not end in /api or /api/v3 (e.g. https://app.impiloplatform.com)"
                : ": the base URL must be the API's root, e.g. https://app.impiloplatform.com"
                : "";
        return misconfigured("answered HTTP " + status + hint);
    }

    private HttpResponse<String> get(String url, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                .header(ImpiloApiRoutes.API_KEY_HEADER, apiKey).header("Accept", "application/json").build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    // Whether the same host and port answer HTTP with the other scheme; the key is not sent there.
    private boolean otherSchemeAnswers(String scheme) {
        try {
            String other = scheme + baseUrl.substring(baseUrl.indexOf(':'));
            HttpClient client = HttpClient.newBuilder().connectTimeout(OTHER_SCHEME_TIMEOUT).build();
            client.send(HttpRequest.newBuilder(URI.create(other + PATH)).timeout(OTHER_SCHEME_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isPage(String body) {
        try {
            JsonNode page = ImpiloJson.mapper().readTree(body);
            return page != null && page.path("content").isArray();
        } catch (IOException e) {
            return false;
        }
    }

    private static String connectFailure(ConnectException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "the host name cannot be resolved";
            }
        }
        return "the connection was refused" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private Result unreachable(String what) {
        return new Result(Verdict.UNREACHABLE, "the Impilo API at " + baseUrl + " cannot be reached: " + what);
    }

    private Result misconfigured(String what) {
        return new Result(Verdict.MISCONFIGURED, "impilo.api.url " + baseUrl + ": GET " + PATH + " " + what);
    }
}
