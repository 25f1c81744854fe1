package com.impilo.bridge.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/** Test knobs of the sandbox: added latency, random 503s and planned failures; thread-safe, settable at any time. */
public final class SandboxFaults {

    static final int RANDOM_FAILURE_STATUS = 503;

    private volatile Duration latency = Duration.ZERO;
    private volatile double failureRate;
    private volatile double slowAnswerRate;
    private volatile Duration slowAnswerDelay = Duration.ZERO;
    private volatile double trickleRate;
    private volatile Duration trickleByteDelay = Duration.ZERO;
    private final Deque<Planned> planned = new ArrayDeque<>(); // guarded by this

    SandboxFaults() {
    }

    /** Adds this delay to every API call that passes the key check. */
    public SandboxFaults latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        this.latency = latency;
        return this;
    }

    /** Answers this share (0.0 to 1.0) of API calls, chosen at random, with 503. */
    public SandboxFaults failureRate(double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("failure rate must be between 0.0 and 1.0: " + share);
        }
        this.failureRate = share;
        return this;
    }

    /**
     * Creates the order, then holds the answer back for {@code delay} on this share of create calls: the client
     * times out although the order exists, as when an answer is lost on the way back.
     */
    public SandboxFaults slowAnswers(double share, Duration delay) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("slow answer share must be between 0.0 and 1.0: " + share);
        }
        this.slowAnswerDelay = Objects.requireNonNull(delay, "delay");
        this.slowAnswerRate = share;
        return this;
    }

    /**
     * Creates the order, then sends the answer's body one byte every {@code byteDelay} on this share of create calls:
     * the answer never stalls long enough for a read timeout, yet takes far longer than any caller should wait.
     */
    public SandboxFaults trickleAnswers(double share, Duration byteDelay) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("trickle share must be between 0.0 and 1.0: " + share);
        }
        this.trickleByteDelay = Objects.requireNonNull(byteDelay, "byteDelay");
        this.trickleRate = share;
        return this;
    }

    /** The pause between two bytes of this create call's answer, or zero to send it whole. */
    Duration trickleDelay() {
        return trickleRate > 0 && ThreadLocalRandom.current().nextDouble() < trickleRate
                ? trickleByteDelay : Duration.ZERO;
    }

    /** The delay to hold back this create call's answer after the order was stored, or zero. */
    Duration answerDelay() {
        return slowAnswerRate > 0 && ThreadLocalRandom.current().nextDouble() < slowAnswerRate
                ? slowAnswerDelay : Duration.ZERO;
    }

    /** Answers the next {@code count} API calls with {@code status}; queued after failures planned earlier. */
    public SandboxFaults failNext(int count, int status) {
        return plan(count, status, OptionalInt.empty(), Optional.empty(), false);
    }

    /**
     * Answers the next {@code count} order creations (POST /api/v3/order) with {@code status}, while every other call
     * is answered as usual: an API that reads but cannot write; queued after failures planned earlier.
     */
    public SandboxFaults failNextCreations(int count, int status) {
        return plan(count, status, OptionalInt.empty(), Optional.empty(), true);
    }

    /** As {@link #failNext(int, int)}, with a {@code Retry-After} header of that many seconds (e.g. for 429). */
    public SandboxFaults failNext(int count, int status, int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After must not be negative: " + retryAfterSeconds);
        }
        return plan(count, status, OptionalInt.of(retryAfterSeconds), Optional.empty(), false);
    }

    /** What a hostile error answer's body is made of. */
    public enum HostileBody {
        /** A gzip stream (Content-Encoding: gzip) that inflates to the given size: a few hundred KB sent. */
        GZIP_BOMB,
        /** A plain message of the given size, sent as it is. */
        HUGE
    }

    /**
     * Answers the next {@code count} API calls with {@code status} and a body of {@code bytes} bytes (inflated), made
     * as {@code body} says, streamed so that the sandbox itself never holds it; queued after failures planned earlier.
     */
    public SandboxFaults hostileAnswerNext(int count, int status, HostileBody body, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        return plan(count, status, OptionalInt.empty(), Optional.of(new Hostile(body, bytes)), false);
    }

    /** No latency, no random failures, no slow or trickled answers, no planned failures. */
    public SandboxFaults reset() {
        latency = Duration.ZERO;
        failureRate = 0.0;
        slowAnswerRate = 0.0;
        trickleRate = 0.0;
        synchronized (this) {
            planned.clear();
        }
        return this;
    }

    private SandboxFaults plan(int count, int status, OptionalInt retryAfterSeconds, Optional<Hostile> hostile,
                               boolean creationsOnly) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        // Only error statuses: a planned 2xx would be an answer without the order behind it.
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error status (400-599): " + status);
        }
        if (count > 0) {
            synchronized (this) {
                planned.addLast(new Planned(status, retryAfterSeconds, hostile, count, creationsOnly));
            }
        }
        return this;
    }

    Duration currentLatency() {
        return latency;
    }

    /**
     * The fault for the API call being answered now, if any; consumes one planned failure.
     *
     * @param creation whether the call creates an order
     */
    Optional<Fault> next(boolean creation) {
        synchronized (this) {
            // the first planned failure that applies to this call; one for creations only lets other calls pass
            for (Iterator<Planned> plans = planned.iterator(); plans.hasNext(); ) {
                Planned plan = plans.next();
                if (creation || !plan.creationsOnly) {
                    if (--plan.remaining == 0) {
                        plans.remove();
                    }
                    return Optional.of(new Fault(plan.status, plan.retryAfterSeconds, plan.hostile));
                }
            }
        }
        double rate = failureRate;
        if (rate > 0.0 && ThreadLocalRandom.current().nextDouble() < rate) {
            return Optional.of(new Fault(RANDOM_FAILURE_STATUS, OptionalInt.empty(), Optional.empty()));
        }
        return Optional.empty();
    }

    /** One faulted answer: its status, optional Retry-After seconds and optional hostile body. */
    record Fault(int status, OptionalInt retryAfterSeconds, Optional<Hostile> hostile) {
    }

    /** A hostile body: how it is made and how many bytes it holds, inflated. */
    record Hostile(HostileBody body, long bytes) {
    }

    private static final class Planned {
        final int status;
        final OptionalInt retryAfterSeconds;
        final Optional<Hostile> hostile;
        final boolean creationsOnly;
        int remaining;

        Planned(int status, OptionalInt retryAfterSeconds, Optional<Hostile> hostile, int remaining,
                boolean creationsOnly) {
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
            this.hostile = hostile;
            this.remaining = remaining;
            this.creationsOnly = creationsOnly;
        }
    }
}
