package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.impilo.bridge.text.LogText;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Processor;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.throttling.ThrottlingExceptionRoutePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a state store that cannot be reached from one that refused one statement: a failure is the store's being away
 * only when the store then fails a check of its own. While it is away, the file in progress stops where it is and
 * stays at its source (its orders already created are skipped when it is read again, and one whose outcome could not
 * be recorded is found by its stamp, as after a crash), pickup pauses, and it resumes by itself once the store
 * answers again. Nothing is dead-lettered for it: dead-lettering needs the store too.
 */
public final class StoreGuard {

    private static final Logger LOG = LoggerFactory.getLogger(StoreGuard.class);
    /** How long a check waits for the store's answer once connected, in seconds. */
    private static final int CHECK_SECONDS = 2;

    private final DataSource dataSource;
    private final String where;
    private final long recheckMillis;
    private final Clock clock;
    private final Consumer<String> onUnavailableInOnceMode;
    private final AtomicBoolean unavailable = new AtomicBoolean();
    private volatile String problem;
    private volatile long checkedAt;

    /**
     * @param where                   the store, for messages ({@link StateStore#describe})
     * @param onUnavailableInOnceMode told why when the store cannot be reached during a {@code --once} run, which
     *                                then ends; null when running continuously
     */
    public StoreGuard(DataSource dataSource, String where, long recheckMillis, Clock clock,
                      Consumer<String> onUnavailableInOnceMode) {
        this.dataSource = dataSource;
        this.where = where;
        this.recheckMillis = recheckMillis;
        this.clock = clock;
        this.onUnavailableInOnceMode = onUnavailableInOnceMode;
    }

    /**
     * True when this failure came from the store and the store cannot be reached now: the caller stops its file
     * rather than dead-letter anything. A failure of one statement on a store that answers is false: it is the
     * order's or the file's own, handled as any other.
     */
    public boolean unreachable(Throwable failure) {
        if (!fromStore(failure)) {
            return false;
        }
        if (unavailable.get()) {
            return true;
        }
        Optional<String> why = check();
        why.ifPresent(this::becameUnavailable);
        return why.isPresent();
    }

    /**
     * Runs a step of a file, turning a failure because the store is away into a {@link StoreUnavailableException},
     * which leaves the file at its source and pauses pickup.
     */
    public Processor guarded(Processor step) {
        return exchange -> {
            try {
                step.process(exchange);
            } catch (Exception e) {
                if (unreachable(e)) {
                    throw new StoreUnavailableException(unavailableMessage(), e);
                }
                throw e;
            }
        };
    }

    /**
     * False while the store is known to be away; checked again at most every recheck interval, so that a caller
     * asking before every file costs the store nothing while it answers.
     */
    public boolean available() {
        if (!unavailable.get()) {
            return true;
        }
        if (clock.millis() - checkedAt < recheckMillis) {
            return false;
        }
        return answersAgain();
    }

    /** The route policy for pickup routes: pauses on the first file stopped by this guard, resumes once it answers. */
    public RoutePolicy pickupPolicy() {
        ThrottlingExceptionRoutePolicy policy = new ThrottlingExceptionRoutePolicy(1, Long.MAX_VALUE, recheckMillis,
                List.of(StoreUnavailableException.class));
        policy.setHalfOpenHandler(this::answersAgain);
        return policy;
    }

    /** Why the store cannot be used now, while it is known to be away. */
    public Optional<String> problem() {
        return unavailable.get() ? Optional.ofNullable(problem) : Optional.empty();
    }

    /** The message a file stopped for the store carries. */
    public String unavailableMessage() {
        return "the state store (" + where + ") cannot be reached" + (problem == null ? "" : ": " + problem);
    }

    private boolean answersAgain() {
        if (unavailable.get()) {
            dropConnectionsFromBefore();
        }
        Optional<String> why = check();
        if (why.isEmpty() && unavailable.compareAndSet(true, false)) {
            LOG.warn("the state store ({}) answers again: pickup resumes", where);
        } else if (why.isPresent()) {
            problem = why.get();
            LOG.error("the state store ({}) still cannot be reached ({}): pickup stays paused", where,
                    LogText.of(why.get()));
        }
        return why.isEmpty();
    }

    // The pool's connections from before the store went away are dead, and the pool hands out one used within the
    // last half second without checking it (as under order traffic): asked on such ones, the store would seem away
    // still, and the orders after the resume would fail on them one by one. They are dropped first, idle ones now and
    // those in use when they come back.
    private void dropConnectionsFromBefore() {
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    private void becameUnavailable(String why) {
        problem = why;
        if (unavailable.compareAndSet(false, true)) {
            LOG.error("THE STATE STORE ({}) CANNOT BE REACHED: {}. The file in progress stops and stays at its source;"
                    + " pickup is paused; nothing is dead-lettered for this. The bridge checks again every {} s and"
                    + " resumes by itself; orders already created are not sent twice.", where, LogText.of(why),
                    recheckMillis / 1000);
        }
        if (onUnavailableInOnceMode != null) {
            onUnavailableInOnceMode.accept(unavailableMessage());
        }
    }

    // Asks the store a question; what went wrong when it does not answer. A pooled connection that broke fails once
    // and is dropped by the pool: the question is then asked again on another (a new one when the store is asked
    // whether it is back, since the connections from before were dropped first).
    private Optional<String> check() {
        checkedAt = clock.millis();
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(CHECK_SECONDS);
                statement.execute("SELECT 1");
                return Optional.empty();
            } catch (SQLException | RuntimeException e) {
                if (attempt == 2 || e instanceof SQLTransientConnectionException) {
                    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
                    return Optional.of(message.endsWith(".") ? message.substring(0, message.length() - 1) : message);
                }
            }
        }
    }

    // The store's driver or pool is somewhere in the chain of causes.
    private static boolean fromStore(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException || cause instanceof StoreUnavailableException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
