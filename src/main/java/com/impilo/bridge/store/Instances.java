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

import javax.sql.DataSource;

/**
 * The instances that share the state store, each as it last said it was alive: which host and data folder it runs
 * on, when it started and when it was last seen. An instance says so at start and every third of the lease.
 */
public final class Instances {

    private static final String STARTED = "INSERT INTO bridge_instances (instance, host, data_dir, started_at, seen_at,"
            + " run_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (instance) DO UPDATE SET host = excluded.host,"
            + " data_dir = excluded.data_dir, started_at = excluded.started_at, seen_at = excluded.seen_at,"
            + " run_id = excluded.run_id";

    private final DataSource dataSource;
    private final String instance;
    private final Clock clock;

    /** An instance sharing the store, as it last said. */
    public record Instance(String name, String host, String dataDir, Instant startedAt, Instant seenAt, String runId) {

        /** Whether it said it was alive within the lease before {@code now}. */
        public boolean aliveAt(Instant now, Duration lease) {
            return !seenAt.isBefore(now.minus(lease));
        }
    }

    public Instances(DataSource dataSource, String instance, Clock clock) {
        this.dataSource = dataSource;
        this.instance = instance;
        this.clock = clock;
    }

    /** This instance started, on this host and data folder, as this run. */
    public void started(String host, String dataDir, String runId) {
        long now = clock.millis();
        execute(STARTED, ps -> {
            ps.setString(1, instance);
            ps.setString(2, host);
            ps.setString(3, dataDir);
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setString(6, runId);
        });
    }

    /** This instance stopped cleanly: a start of the same name need not wait to see whether it still runs. */
    public void stopped() {
        execute("UPDATE bridge_instances SET run_id = NULL WHERE instance = ?", ps -> ps.setString(1, instance));
    }

    /**
     * Refuses a name that another live instance uses: one that said it was alive within the lease on another host or
     * data folder, or one on the same host and data folder that still says so (two containers with the same host name
     * and data path). A run of this name killed a moment ago says nothing more, so a start waits up to two heartbeats
     * (two thirds of the lease) to tell the two apart; a run that stopped cleanly needs no wait.
     *
     * @throws IllegalStateException naming the other instance
     */
    public void checkNameFree(String host, String dataDir, Duration lease) throws InterruptedException {
        Optional<Instance> seen = find();
        long now = clock.millis();
        if (seen.isEmpty() || seen.get().runId() == null || !seen.get().aliveAt(Instant.ofEpochMilli(now), lease)) {
            return;
        }
        Instance other = seen.get();
        if (!other.host().equals(host) || !other.dataDir().equals(dataDir)) {
            throw nameInUse(other);
        }
        long waitUntil = other.seenAt().toEpochMilli() + 2 * Math.max(1, lease.toMillis() / 3) + 1;
        while (clock.millis() < waitUntil) {
            Thread.sleep(Math.min(200, Math.max(1, waitUntil - clock.millis())));
            Optional<Instance> again = find();
            if (again.isPresent() && again.get().runId() != null
                    && again.get().seenAt().isAfter(other.seenAt())) {
                throw nameInUse(again.get());
            }
        }
    }

    private IllegalStateException nameInUse(Instance other) {
        return new IllegalStateException("another instance named " + instance + " is running on host " + other.host()
                + " with data folder " + other.dataDir() + " (seen " + other.seenAt() + "): give each instance its"
                + " own bridge.instance.name");
    }

    private Optional<Instance> find() {
        return all().stream().filter(one -> one.name().equals(instance)).findFirst();
    }

    /** This instance is still alive. */
    public void alive() {
        execute("UPDATE bridge_instances SET seen_at = ? WHERE instance = ?", ps -> {
            ps.setLong(1, clock.millis());
            ps.setString(2, instance);
        });
    }

    /** The names of the instances that said they were alive within the lease, by name. */
    public List<String> alive(Duration lease) {
        Instant now = clock.instant();
        return all().stream().filter(one -> one.aliveAt(now, lease)).map(Instance::name).sorted()
                .toList();
    }

    /** Every instance that ever shared the store, the one seen last first. */
    public List<Instance> all() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT instance, host, data_dir, started_at, seen_at, run_id"
                     + " FROM bridge_instances ORDER BY seen_at DESC, instance");
             ResultSet rs = ps.executeQuery()) {
            List<Instance> instances = new ArrayList<>();
            while (rs.next()) {
                instances.add(new Instance(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
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
