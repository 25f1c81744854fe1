package com.impilo.bridge.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.builder.EndpointProducerBuilder;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.EventHelper;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The POST of one new order, the call every order makes: sent with the API endpoint's own HttpClient, which camel-http
 * built with every {@code camel.component.http(s).*} setting (timeouts, pool, proxy, TLS), the whole-call deadline and
 * the bound on answers, but without camel-http's work around each message: building the request URI and host anew,
 * matching each header against its filters, copying the message's headers onto a new one, caching the answer's
 * stream. It answers as camel-http does with {@code throwExceptionOnFailure}: the body becomes the answer's bytes
 * (read as JSON without decoding them into text first) and the {@code CamelHttpResponseCode} header its status on a 2xx; anything else fails the exchange with an
 * {@link HttpOperationFailedException} carrying the status, the answer's headers (Retry-After) and its text. The
 * message stays the same message, so Camel's own headers (the redelivery counter) stay on it, and the call is
 * reported to event notifiers as a send to the endpoint, so the API call metrics see it like any other call.
 */
final class OrderPost implements Processor {

    private final EndpointProducerBuilder endpointBuilder;
    private volatile Target target;

    /** The endpoint that camel-http's {@code to(endpoint)} would call, resolved in the context at the first call. */
    OrderPost(EndpointProducerBuilder endpoint) {
        this.endpointBuilder = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        Target to = target(exchange.getContext());
        Message message = exchange.getMessage();
        long start = System.nanoTime();
        try {
            HttpPost post = new HttpPost(to.uri);
            // the key the call's common start put on the message, the one header of the message that is sent
            post.setHeader(ImpiloApiRoutes.API_KEY_HEADER, message.getHeader(ImpiloApiRoutes.API_KEY_HEADER));
            post.setEntity(new ByteArrayEntity(body(message.getBody()), ContentType.APPLICATION_JSON));
            try (ClassicHttpResponse response = to.client.executeOpen(to.host, post, to.context())) {
                answer(to.uri, message, response);
            }
        } catch (IOException | HttpOperationFailedException | RuntimeException e) {
            exchange.setException(e);
        } finally {
            EventHelper.notifyExchangeSent(exchange.getContext(), exchange, to.endpoint,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    // At the first call, when the context has applied the component's settings: the endpoint and its client are the
    // ones a route's to() would have used.
    private Target target(CamelContext context) {
        Target resolved = target;
        if (resolved == null) {
            synchronized (this) {
                if (target == null) {
                    target = new Target((HttpEndpoint) endpointBuilder.resolve(context));
                }
                resolved = target;
            }
        }
        return resolved;
    }

    private static final class Target {
        private final HttpEndpoint endpoint;
        private final HttpClient client;
        private final URI uri;
        private final HttpHost host;

        Target(HttpEndpoint endpoint) {
            this.endpoint = endpoint;
            this.client = endpoint.getHttpClient();
            this.uri = endpoint.getHttpUri();
            this.host = HttpHost.create(uri);
        }

        // a context of the call's own, seeded with the endpoint's when one was configured
        HttpContext context() {
            HttpContext configured = endpoint.getHttpContext();
            return configured == null ? HttpClientContext.create() : new BasicHttpContext(configured);
        }
    }

    private static byte[] body(Object body) {
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("an order is sent as JSON text or bytes, not as "
                + (body == null ? "nothing" : body.getClass().getSimpleName()));
    }

    // read to its end either way, so that the connection goes back to the pool
    private static void answer(URI uri, Message message, ClassicHttpResponse response)
            throws IOException, HttpOperationFailedException {
        int status = response.getCode();
        byte[] bytes = response.getEntity() == null ? null : EntityUtils.toByteArray(response.getEntity());
        if (status < 200 || status > 299) {
            Header location = response.getFirstHeader("Location");
            throw new HttpOperationFailedException(uri.toString(), status, response.getReasonPhrase(),
                    location == null ? null : location.getValue(), headers(response),
                    bytes == null ? null : new String(bytes, StandardCharsets.UTF_8));
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setBody(bytes);
    }

    private static Map<String, String> headers(ClassicHttpResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.putIfAbsent(header.getName(), header.getValue());
        }
        return headers;
    }
}
