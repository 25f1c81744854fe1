package com.impilo.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

/** The deadline's own cases that a real server cannot stage on cue; whole calls are in ExactlyOnceTest. */
class CallDeadlineTest {

    @Test
    void a_call_cancelled_while_it_waits_for_a_pooled_connection_fails_as_a_timeout_that_is_retried() {
        CountDownLatch cancelled = new CountDownLatch(1);
        HttpGet request = new HttpGet("http://127.0.0.1:1/api/v3/order");
        // while a call waits for a connection, cancelling the request cancels its lease, whose wait then throws
        request.setDependency(() -> {
            cancelled.countDown();
            return true;
        });
        ExecChain waitsForAConnection = (req, scope) -> {
            try {
                if (!cancelled.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the deadline never cancelled the call");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new CancellationException("lease cancelled");
        };
        // the request itself is cancellable, so the deadline never needs the runtime
        ExecRuntime unused = (ExecRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ExecRuntime.class}, (proxy, method, args) -> {
                    throw new AssertionError("the deadline used the exec runtime: " + method.getName());
                });
        ExecChain.Scope scope = new ExecChain.Scope("ex-1", new HttpRoute(new HttpHost("127.0.0.1", 1)), request,
                unused, HttpClientContext.create());

        Throwable failure = catchThrowable(() -> new CallDeadline(Duration.ofMillis(50))
                .execute(request, scope, waitsForAConnection));

        assertThat(failure).isInstanceOf(SocketTimeoutException.class)
                .hasMessage("no complete answer from the Impilo API within the total timeout of 50 ms"
                        + " (bridge.http.total-timeout)")
                .hasCauseInstanceOf(CancellationException.class);
        assertThat(ApiFailures.isTransient(failure)).isTrue();
    }
}
