package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The instances that share the state store, each as it last said it was alive: which host and data folder it runs
 * on, when it started and when it was last seen. An instance says so at start and every third of the lease.
 */
public final class Instances {

    private static final String STARTED = "INSERT INTO bridge_instances (instance, host, data_dir, started_at, seen_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (instance) DO UPDATE SET host = excluded.host,"
            + " data_dir = excluded.data_dir, started_at = excluded.started_at, seen_at = excluded.seen_at";

    private final DataSource dataSource;
    private final String instance;
    private final Clock clock;

    /** An instance sharing the store, as it last said. */
    public record Instance(String name, String host, String dataDir, Instant startedAt, Instant seenAt) {
    }

    public Instances(DataSource dataSource, String instance, Clock clock) {
        this.dataSource = dataSource;
        this.instance = instance;
        this.clock = clock;
    }

    /** This instance started, on this host and data folder. */
    public void started(String host, String dataDir) {
        long now = clock.millis();
        execute(STARTED, ps -> {
            ps.setString(1, instance);
            ps.setString(2, host);
            ps.setString(3, dataDir);
            ps.setLong(4, now);
            ps.setLong(5, now);
        });
    }

    /** This instance is still alive. */
    public void alive() {
        execute("UPDATE bridge_instances SET seen_at = ? WHERE instance = ?", ps -> {
            ps.setLong(1, clock.millis());
            ps.setString(2, instance);
        });
    }

    /** Every instance that ever shared the store, the one seen last first. */
    public List<Instance> all() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT instance, host, data_dir, started_at, seen_at"
                     + " FROM bridge_instances ORDER BY seen_at DESC, instance");
             ResultSet rs = ps.executeQuery()) {
            List<Instance> instances = new ArrayList<>();
            while (rs.next()) {
                instances.add(new Instance(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))));
            }
            return instances;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the instances of the state store: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private void execute(String sql, Parameters parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record instance " + instance + " in the state store: "
                    + e.getMessage(), e);
        }
    }
}
