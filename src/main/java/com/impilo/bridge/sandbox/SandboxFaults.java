package com.impilo.bridge.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
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
    private int creationFailures; // guarded by this
    private int creationFailureStatus; // guarded by this

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
        return plan(count, status, OptionalInt.empty(), Optional.empty());
    }

    /**
     * Answers the next {@code count} order creations (POST /api/v3/order) with {@code status}, while every other call
     * is answered as usual: an API that reads but cannot write. Checked before the failures {@link #failNext} plans.
     */
    public SandboxFaults failNextCreations(int count, int status) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error status (400-599): " + status);
        }
        synchronized (this) {
            creationFailures = count;
            creationFailureStatus = status;
        }
        return this;
    }

    /** As {@link #failNext(int, int)}, with a {@code Retry-After} header of that many seconds (e.g. for 429). */
    public SandboxFaults failNext(int count, int status, int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After must not be negative: " + retryAfterSeconds);
        }
        return plan(count, status, OptionalInt.of(retryAfterSeconds), Optional.empty());
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
        return plan(count, status, OptionalInt.empty(), Optional.of(new Hostile(body, bytes)));
    }

    /** No latency, no random failures, no slow or trickled answers, no planned failures. */
    public SandboxFaults reset() {
        latency = Duration.ZERO;
        failureRate = 0.0;
        slowAnswerRate = 0.0;
        trickleRate = 0.0;
        synchronized (this) {
            planned.clear();
            creationFailures = 0;
        }
        return this;
    }

    private SandboxFaults plan(int count, int status, OptionalInt retryAfterSeconds, Optional<Hostile> hostile) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        // Only error statuses: a planned 2xx would be an answer without the order behind it.
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error status (400-599): " + status);
        }
        if (count > 0) {
            synchronized (this) {
                planned.addLast(new Planned(status, retryAfterSeconds, hostile, count));
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
            if (creation && creationFailures > 0) {
                creationFailures--;
                return Optional.of(new Fault(creationFailureStatus, OptionalInt.empty(), Optional.empty()));
            }
            Planned head = planned.peekFirst();
            if (head != null) {
                if (--head.remaining == 0) {
                    planned.removeFirst();
                }
                return Optional.of(new Fault(head.status, head.retryAfterSeconds, head.hostile));
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
        int remaining;

        Planned(int status, OptionalInt retryAfterSeconds, Optional<Hostile> hostile, int remaining) {
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
            this.hostile = hostile;
            this.remaining = remaining;
        }
    }
}
