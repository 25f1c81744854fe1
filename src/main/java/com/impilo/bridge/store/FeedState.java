package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/** The order feed's memory: per Impilo order, the fingerprint of the state last emitted, in the state store. */
public final class FeedState {

    // Portable upsert (SQLite >= 3.24 and PostgreSQL).
    private static final String UPSERT = "INSERT INTO order_feed_state"
            + " (impilo_order_id, partner, fingerprint, current_status, emitted_at) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (impilo_order_id) DO UPDATE SET partner = excluded.partner,"
            + " fingerprint = excluded.fingerprint, current_status = excluded.current_status,"
            + " emitted_at = excluded.emitted_at";

    private final DataSource dataSource;
    private final Clock clock;

    public FeedState(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The fingerprint of the state last emitted for this order, empty when it was never emitted. */
    public Optional<String> lastEmitted(long impiloOrderId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT fingerprint FROM order_feed_state WHERE impilo_order_id = ?")) {
            ps.setLong(1, impiloOrderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new FeedStateException("cannot read the feed state of Impilo order " + impiloOrderId, e);
        }
    }

    /** Remembers that this state of the order has been emitted to its partner. */
    public void emitted(long impiloOrderId, String partner, String fingerprint, String currentStatus) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setLong(1, impiloOrderId);
            ps.setString(2, partner);
            ps.setString(3, fingerprint);
            ps.setString(4, currentStatus);
            ps.setString(5, Instant.now(clock).toString());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new FeedStateException("cannot record the feed state of Impilo order " + impiloOrderId, e);
        }
    }

    /** The feed state could not be read or written; the order is then offered again on the next poll. */
    public static final class FeedStateException extends RuntimeException {
        FeedStateException(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
