package com.impilo.bridge.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A deadline for one whole API call: waiting for a pooled connection, connecting, sending, and reading the answer to
 * its last byte. HttpClient's own timeouts bound each step (a read that trickles in a byte at a time never trips the
 * response timeout); this aborts the call when the whole takes longer, and the call fails with a
 * {@link SocketTimeoutException} that says so, which the error policy retries like any timeout.
 *
 * <p>Added to the API endpoints' HttpClient through camel-http's {@code httpClientConfigurer} option. The timer is
 * the JDK's shared daemon delayer behind {@link CompletableFuture#orTimeout}, so there is no thread to own or stop.
 */
public final class CallDeadline implements HttpClientConfigurer, ExecChainHandler {

    private final Duration limit;

    public CallDeadline(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the total timeout must be positive: " + limit);
        }
        this.limit = limit;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("impilo-call-deadline", this);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Call call = new Call(scope);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | RuntimeException e) {
            // cancelled while waiting for a pooled connection, the lease's future throws a CancellationException
            call.end();
            if (call.expired()) {
                throw call.timeout(e);
            }
            throw e;
        } catch (HttpException e) {
            call.end();
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            call.end();
        } else {
            // the answer's body is read after this returns: the deadline runs until it is read or closed
            response.setEntity(new Guarded(entity, call));
        }
        return response;
    }

    /** One call under its deadline; when the deadline passes first, the call's connection is closed under it. */
    private final class Call {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile boolean expired;

        Call(ExecChain.Scope scope) {
            done.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ignored, failure) -> {
                if (failure instanceof TimeoutException) {
                    expired = true;
                    abort(scope);
                }
            });
        }

        void end() {
            done.complete(null);
        }

        boolean expired() {
            return expired;
        }

        SocketTimeoutException timeout(Exception cause) {
            SocketTimeoutException timeout = new SocketTimeoutException("no complete answer from the Impilo API within"
                    + " the total timeout of " + limit.toMillis() + " ms (bridge.http.total-timeout)");
            timeout.initCause(cause);
            return timeout;
        }

        private static void abort(ExecChain.Scope scope) {
            // Camel's requests are cancellable: cancelling one cancels a pending connection lease or closes the
            // open connection, so a blocked read fails at once
            if (scope.originalRequest instanceof Cancellable cancellable) {
                cancellable.cancel();
            } else {
                scope.execRuntime.discardEndpoint();
            }
        }
    }

    /** The answer's body, ending the deadline when read to its end or closed, and naming the timeout when it hit. */
    private static final class Guarded extends HttpEntityWrapper {
        private final Call call;

        Guarded(HttpEntity entity, Call call) {
            super(entity);
            this.call = call;
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream content = super.getContent();
            return content == null ? null : new FilterInputStream(content) {
                @Override
                public int read() throws IOException {
                    try {
                        return endedAt(super.read());
                    } catch (IOException e) {
                        throw failed(e);
                    }
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    try {
                        return endedAt(super.read(buffer, offset, length));
                    } catch (IOException e) {
                        throw failed(e);
                    }
                }

                // the end of the body ends the call
                private int endedAt(int read) {
                    if (read < 0) {
                        call.end();
                    }
                    return read;
                }

                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } catch (IOException e) {
                        throw failed(e);
                    } finally {
                        call.end();
                    }
                }
            };
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                call.end();
            }
        }

        private IOException failed(IOException e) {
            call.end();
            return call.expired() ? call.timeout(e) : e;
        }
    }
}
