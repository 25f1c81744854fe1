package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

/**
 * Which instance works on which partner file, in the state store that several instances share: a claim is one
 * statement that wins or loses cleanly (never an exception on a race), held for a lease the instance renews while it
 * works; a claim whose lease ran out, because its instance died, is taken over; a file done is never claimed again.
 */
public final class FileClaims {

    // Portable upsert (SQLite >= 3.24 and PostgreSQL): a new claim, or a takeover of one whose lease ran out; a live
    // claim and a file done are left as they are, and the statement then changes no row.
    private static final String CLAIM = "INSERT INTO file_claims (source, file_key, instance, lease_until, done)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, file_key) DO UPDATE SET instance = excluded.instance,"
            + " lease_until = excluded.lease_until WHERE file_claims.done = ? AND file_claims.lease_until < ?";

    private final DataSource dataSource;
    private final String instance;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param instance this instance's name, as the claims and the person on call see it
     * @param lease    how long a claim holds without being renewed
     */
    public FileClaims(DataSource dataSource, String instance, Duration lease, Clock clock) {
        this.dataSource = dataSource;
        this.instance = instance;
        this.lease = lease;
        this.clock = clock;
    }

    /** Claims the file for this instance: true when it is this instance's to work on now. */
    public boolean claim(String source, String fileKey) {
        long now = clock.millis();
        return update(CLAIM, source, fileKey, ps -> {
            ps.setString(1, source);
            ps.setString(2, fileKey);
            ps.setString(3, instance);
            ps.setLong(4, now + lease.toMillis());
            ps.setBoolean(5, false);
            ps.setBoolean(6, false);
            ps.setLong(7, now);
        }) == 1;
    }

    /** Extends this instance's claim of a file it still works on; false when the claim is no longer its own. */
    public boolean renew(String source, String fileKey) {
        long until = clock.millis() + lease.toMillis();
        return update("UPDATE file_claims SET lease_until = ? WHERE source = ? AND file_key = ? AND instance = ?"
                + " AND done = ?", source, fileKey, ps -> {
                    ps.setLong(1, until);
                    ps.setString(2, source);
                    ps.setString(3, fileKey);
                    ps.setString(4, instance);
                    ps.setBoolean(5, false);
                }) == 1;
    }

    /** The file is done: no instance claims it again. */
    public void done(String source, String fileKey) {
        update("UPDATE file_claims SET done = ? WHERE source = ? AND file_key = ? AND instance = ?", source, fileKey,
                ps -> {
                    ps.setBoolean(1, true);
                    ps.setString(2, source);
                    ps.setString(3, fileKey);
                    ps.setString(4, instance);
                });
    }

    /** This instance gives the file up unfinished (it is left at its source): another may claim it at once. */
    public void release(String source, String fileKey) {
        update("DELETE FROM file_claims WHERE source = ? AND file_key = ? AND instance = ? AND done = ?", source,
                fileKey, ps -> {
                    ps.setString(1, source);
                    ps.setString(2, fileKey);
                    ps.setString(3, instance);
                    ps.setBoolean(4, false);
                });
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, String source, String fileKey, Parameters parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the claim of " + source + " file " + fileKey + ": "
                    + e.getMessage(), e);
        }
    }
}
