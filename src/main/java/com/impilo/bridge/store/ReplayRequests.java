package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Replays asked on one host for the dead letters of another instance, which lie in that instance's data folder: a
 * request names the instance and what to replay; the instance takes it (once) and answers with what it moved back.
 * Answered requests are kept for a week, then dropped.
 */
public final class ReplayRequests {

    private static final Duration KEPT = Duration.ofDays(7);

    private final DataSource dataSource;
    private final Clock clock;

    /** One request: whom it asks, who asked and when, what to replay, and once taken, when and the answer. */
    public record Request(String id, String instance, String askedBy, Instant askedAt, String selection,
                          Optional<Instant> takenAt, Optional<String> answer) {
    }

    public ReplayRequests(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Asks an instance to replay what the selection (JSON) names; returns the request's id. */
    public String ask(String instance, String askedBy, String selection) {
        String id = UUID.randomUUID().toString();
        update("INSERT INTO replay_requests (id, instance, asked_at, asked_by, selection) VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, id);
                    ps.setString(2, instance);
                    ps.setLong(3, clock.millis());
                    ps.setString(4, askedBy);
                    ps.setString(5, selection);
                });
        return id;
    }

    /**
     * The requests waiting for an instance, each taken by this call (a request is taken once, whoever asks), oldest
     * first; answered requests older than a week are dropped on the way.
     */
    public List<Request> take(String instance) {
        long now = clock.millis();
        update("DELETE FROM replay_requests WHERE answer IS NOT NULL AND asked_at < ?",
                ps -> ps.setLong(1, now - KEPT.toMillis()));
        List<Request> taken = new ArrayList<>();
        for (Request waiting : query("WHERE instance = ? AND taken_at IS NULL ORDER BY asked_at, id", instance)) {
            int won = update("UPDATE replay_requests SET taken_at = ? WHERE id = ? AND taken_at IS NULL", ps -> {
                ps.setLong(1, now);
                ps.setString(2, waiting.id());
            });
            if (won == 1) {
                taken.add(waiting);
            }
        }
        return taken;
    }

    /** The instance's answer to a request it took: what it moved back, or why it could not (JSON). */
    public void answer(String id, String answer) {
        update("UPDATE replay_requests SET answer = ? WHERE id = ?", ps -> {
            ps.setString(1, answer);
            ps.setString(2, id);
        });
    }

    /** A request as it is now. */
    public Optional<Request> find(String id) {
        return query("WHERE id = ?", id).stream().findFirst();
    }

    private List<Request> query(String where, String parameter) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, instance, asked_by, asked_at, selection, taken_at,"
                     + " answer FROM replay_requests " + where)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                List<Request> requests = new ArrayList<>();
                while (rs.next()) {
                    long takenAt = rs.getLong(6);
                    Optional<Instant> taken = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(takenAt));
                    requests.add(new Request(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), taken,
                            Optional.ofNullable(rs.getString(7))));
                }
                return requests;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the replay requests: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Parameters parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a replay request: " + e.getMessage(), e);
        }
    }
}
