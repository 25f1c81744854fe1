package com.impilo.bridge.routes;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.impilo.bridge.feed.WebhookAnswers;
import com.impilo.bridge.feed.WebhookReceiver;
import com.impilo.bridge.settings.BridgeSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.KeyStoreOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook receiver's own HTTP server (Vert.x), built to meet strangers: it answers before it reads. A request
 * must name {@code POST /webhooks/impilo} and carry the secret in the {@code Impilo-Webhook-Secret} header (never a
 * query parameter or form field, which end up in proxies' access logs); otherwise it is answered 404, 405 or 401 and
 * its connection closed without its body ever being read. At most so many requests are handled at once (429 beyond),
 * a body larger than allowed is refused as soon as that shows (413), a request whose headers and body do not arrive
 * within the read timeout is answered 408, and a connection idle for longer than the idle timeout is closed. Every
 * such answer closes its connection. A webhook that passes goes to the {@code impilo-webhook} route, whose answer
 * this server sends. With a key store configured it speaks HTTPS only.
 */
public final class WebhookServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final String PATH = "/webhooks/impilo";

    private final CamelContext context;
    private final BridgeSettings.Webhook settings;
    private final WebhookReceiver receiver;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<HttpConnection, Long> awaitingHeaders = new ConcurrentHashMap<>();
    private Vertx vertx;
    private HttpServer server;
    private ProducerTemplate template;

    public WebhookServer(CamelContext context, BridgeSettings.Webhook settings, WebhookReceiver receiver) {
        this.context = context;
        this.settings = settings;
        this.receiver = receiver;
    }

    /** The port it listens on: the configured one, or the one the system chose for port 0. */
    public int port() {
        return server.actualPort();
    }

    @Override
    protected void doStart() throws Exception {
        template = context.createProducerTemplate();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(settings.maxConcurrent()));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setIdleTimeout((int) settings.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(8192)
                // HTTP/1.1 only: one request a connection at a time is what the limits above are about
                .setHttp2ClearTextEnabled(false)
                .setUseAlpn(false)
                .setDecompressionSupported(false)
                .setHandle100ContinueAutomatically(false);
        if (settings.keyStore() != null) {
            options.setSsl(true).setKeyCertOptions(new KeyStoreOptions()
                    .setType(settings.keyStore().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12")
                    .setPath(settings.keyStore().toString())
                    .setPassword(settings.keyStorePassword()));
        }
        server = vertx.createHttpServer(options)
                .connectionHandler(this::connected)
                .requestHandler(this::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("webhook receiver listening on {}://{}:{}{}", settings.keyStore() != null ? "https" : "http",
                settings.host(), server.actualPort(), PATH);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (template != null) {
            template.close();
        }
    }

    // A new connection must send a request's headers within the read timeout, as must a kept-alive one between two.
    private void connected(HttpConnection connection) {
        awaitHeaders(connection);
        connection.closeHandler(closed -> {
            Long timer = awaitingHeaders.remove(connection);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
        });
    }

    private void awaitHeaders(HttpConnection connection) {
        long timer = vertx.setTimer(settings.readTimeout().toMillis(), fired -> {
            if (awaitingHeaders.remove(connection) != null) {
                connection.close();
            }
        });
        Long earlier = awaitingHeaders.put(connection, timer);
        if (earlier != null) {
            vertx.cancelTimer(earlier);
        }
    }

    private void handle(HttpServerRequest request) {
        Long headersTimer = awaitingHeaders.remove(request.connection());
        if (headersTimer != null) {
            vertx.cancelTimer(headersTimer);
        }
        if (!PATH.equals(request.path())) {
            refuse(request, new WebhookAnswers.Answer(404, "{\"message\":\"not found\"}"));
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader("Allow", "POST");
            refuse(request, new WebhookAnswers.Answer(405, "{\"message\":\"only POST\"}"));
            return;
        }
        if (!receiver.authentic(request.getHeader(WebhookReceiver.SECRET_HEADER))) {
            refuse(request, WebhookAnswers.unauthorized());
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && (!length.matches("\\d{1,18}") || Long.parseLong(length) > settings.maxBodyBytes())) {
            refuse(request, WebhookAnswers.tooLarge(settings.maxBodyBytes()));
            return;
        }
        if (inFlight.incrementAndGet() > settings.maxConcurrent()) {
            inFlight.decrementAndGet();
            request.response().putHeader("Retry-After", "1");
            refuse(request, WebhookAnswers.busy());
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        request.response().closeHandler(closed -> release.run());
        request.response().endHandler(ended -> release.run());
        readBody(request, release);
    }

    private void readBody(HttpServerRequest request, Runnable release) {
        Buffer body = Buffer.buffer();
        AtomicBoolean answered = new AtomicBoolean();
        long deadline = vertx.setTimer(settings.readTimeout().toMillis(), fired -> {
            if (answered.compareAndSet(false, true)) {
                refuse(request, WebhookAnswers.timedOut());
                release.run();
            }
        });
        request.handler(chunk -> {
            if (answered.get()) {
                return;
            }
            if ((long) body.length() + chunk.length() > settings.maxBodyBytes()) {
                if (answered.compareAndSet(false, true)) {
                    vertx.cancelTimer(deadline);
                    refuse(request, WebhookAnswers.tooLarge(settings.maxBodyBytes()));
                    release.run();
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> {
            if (answered.compareAndSet(false, true)) {
                vertx.cancelTimer(deadline);
                request.connection().close();
                release.run();
            }
        });
        request.endHandler(ended -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            vertx.cancelTimer(deadline);
            String text = body.toString(StandardCharsets.UTF_8);
            vertx.<WebhookAnswers.Answer>executeBlocking(() -> deliver(text), false).onComplete(result -> {
                WebhookAnswers.Answer answer = result.succeeded() ? result.result()
                        : WebhookAnswers.failed(String.valueOf(result.cause()));
                request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                        .end(answer.body());
                awaitHeaders(request.connection());
            });
        });
    }

    // The webhook route decides; its answer is on the exchange as the webhook route set it.
    private WebhookAnswers.Answer deliver(String body) {
        Exchange done = template.request(Endpoints.WEBHOOK_RECEIVED, exchange -> exchange.getMessage().setBody(body));
        if (done.getException() != null) {
            return WebhookAnswers.failed(done.getException().getMessage());
        }
        return new WebhookAnswers.Answer(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class),
                done.getMessage().getBody(String.class));
    }

    // Answered without reading the request's body; the connection closes once the answer is out.
    private static void refuse(HttpServerRequest request, WebhookAnswers.Answer answer) {
        request.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(answer.body())
                .onComplete(sent -> request.connection().close());
    }
}
