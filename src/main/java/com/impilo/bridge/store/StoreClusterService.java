package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.impilo.bridge.text.LogText;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's cluster service over the state store that several instances share: a namespace has one leader, the instance
 * holding its lease row in {@code leader_leases}; the leader renews it every third of the lease, the others try to
 * take it, which they can once it ran out (the leader died or lost the store). A leader that cannot renew steps down
 * at once. Routes use it through Camel's cluster route policy; on one instance it is always the leader.
 */
public final class StoreClusterService extends AbstractCamelClusterService<StoreClusterService.LeaderView> {

    private static final Logger LOG = LoggerFactory.getLogger(StoreClusterService.class);

    // Portable upsert (SQLite >= 3.24 and PostgreSQL): a new lease, its renewal by its holder, or a takeover of one
    // that ran out; otherwise no row changes and another instance leads.
    private static final String LEAD = "INSERT INTO leader_leases (namespace, instance, lease_until) VALUES (?, ?, ?)"
            + " ON CONFLICT (namespace) DO UPDATE SET instance = excluded.instance, lease_until = excluded.lease_until"
            + " WHERE leader_leases.instance = excluded.instance OR leader_leases.lease_until < ?";

    private final DataSource dataSource;
    private final String instance;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param instance this instance's name, as the leases and the person on call see it
     * @param lease    how long a leadership holds without being renewed
     */
    public StoreClusterService(DataSource dataSource, String instance, Duration lease, Clock clock) {
        super("impilo-store");
        this.dataSource = dataSource;
        this.instance = instance;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    protected LeaderView createView(String namespace) {
        return new LeaderView(namespace);
    }

    /** The instance that leads a namespace now, as the store says; empty when no lease runs. */
    public Optional<String> leaderOf(String namespace) {
        return leaderOf(dataSource, namespace, clock);
    }

    /** The instance that leads a namespace now in this store; empty when no lease runs. */
    public static Optional<String> leaderOf(DataSource dataSource, String namespace, Clock clock) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT instance FROM leader_leases WHERE namespace = ? AND lease_until >= ?")) {
            ps.setString(1, namespace);
            ps.setLong(2, clock.millis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the leader of " + namespace + ": " + e.getMessage(), e);
        }
    }

    // Takes or renews the lease: true when this instance leads the namespace until the new lease ends.
    boolean lead(String namespace) throws SQLException {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LEAD)) {
            ps.setString(1, namespace);
            ps.setString(2, instance);
            ps.setLong(3, now + lease.toMillis());
            ps.setLong(4, now);
            return ps.executeUpdate() == 1;
        }
    }

    // Gives the lease up, so that another instance takes over at its next try rather than after the lease.
    void resign(String namespace) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM leader_leases WHERE namespace = ? AND instance = ?")) {
            ps.setString(1, namespace);
            ps.setString(2, instance);
            ps.executeUpdate();
        }
    }

    /**
     * One namespace: tries to lead it every third of the lease, and tells Camel's listeners when that changes. A
     * leader whose renewal hangs (a database that does not answer) steps down by itself when the lease it last won
     * runs out, checked on a thread of its own.
     */
    public final class LeaderView extends AbstractCamelClusterView {

        private volatile boolean leader;
        private volatile long leadsUntil;
        private volatile boolean stopping;
        private ScheduledExecutorService timer;
        private ScheduledExecutorService watchdog;

        LeaderView(String namespace) {
            super(StoreClusterService.this, namespace);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            if (leader) {
                return Optional.of(getLocalMember());
            }
            try {
                return leaderOf(getNamespace()).map(name -> new Member(name, true, false));
            } catch (IllegalStateException e) {
                return Optional.empty();
            }
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return new Member(instance, leader, true);
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return getLeader().filter(member -> !member.isLocal())
                    .map(other -> List.of(getLocalMember(), other)).orElseGet(() -> List.of(getLocalMember()));
        }

        @Override
        protected void doStart() {
            stopping = false;
            long every = Math.max(1, lease.toMillis() / 3);
            timer = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                    "bridge-leader-" + getNamespace());
            timer.scheduleWithFixedDelay(this::tryToLead, 0, every, TimeUnit.MILLISECONDS);
            watchdog = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                    "bridge-leader-watchdog-" + getNamespace());
            watchdog.scheduleWithFixedDelay(this::stepDownOnceRunOut, every, Math.max(1, every / 2),
                    TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() throws InterruptedException {
            stopping = true;
            for (ScheduledExecutorService executor : new ScheduledExecutorService[] {timer, watchdog}) {
                if (executor != null) {
                    getCamelContext().getExecutorServiceManager().shutdownNow(executor);
                    // an attempt under way could take the lease again after it is given up below
                    executor.awaitTermination(lease.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            if (leader) {
                try {
                    resign(getNamespace());
                } catch (SQLException e) {
                    LOG.warn("could not give up the leadership of {}; another instance takes it once its lease runs"
                            + " out: {}", getNamespace(), LogText.of(e.getMessage()));
                }
                changed(false);
            }
        }

        private void tryToLead() {
            if (stopping) {
                return;
            }
            long attempt = clock.millis();
            boolean now;
            try {
                now = lead(getNamespace());
            } catch (SQLException | RuntimeException e) {
                now = false;
                if (leader) {
                    LOG.warn("instance {} steps down as leader of {}: it cannot renew its lease in the state store: {}",
                            instance, getNamespace(), LogText.of(e.getMessage()));
                }
            }
            if (now) {
                // the lease counts from before the statement: the store may have written it any time after; a renewal
                // that took longer than the lease leads nothing (another instance may have taken over meanwhile)
                leadsUntil = attempt + lease.toMillis();
                now = clock.millis() < leadsUntil;
            }
            if (now != leader && !stopping) {
                if (now) {
                    LOG.info("instance {} leads {} now", instance, getNamespace());
                }
                changed(now);
            }
        }

        private void stepDownOnceRunOut() {
            if (leader && clock.millis() >= leadsUntil) {
                LOG.warn("instance {} steps down as leader of {}: its lease ran out before it could renew it",
                        instance, getNamespace());
                changed(false);
            }
        }

        private synchronized void changed(boolean leads) {
            if (leads == leader) {
                return;
            }
            leader = leads;
            try {
                // who leads instead is not asked of the store here: it may be what does not answer
                fireLeadershipChangedEvent(leads ? Optional.of(getLocalMember()) : Optional.empty());
            } catch (RuntimeException e) {
                // a listener that fails must not end the renewals, which a fixed-delay schedule would do silently
                LOG.warn("a listener of the leadership of {} failed: {}", getNamespace(), LogText.of(e.getMessage()));
            }
        }
    }

    private record Member(String name, boolean isLeader, boolean isLocal) implements CamelClusterMember {

        @Override
        public String getId() {
            return name;
        }
    }
}
