package com.impilo.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.impilo.bridge.support.TestStore;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Leadership through the store, on SQLite and PostgreSQL, as Camel's cluster route policy uses it: the route runs on
 * one instance; when its leader stops, another takes over; a leader that died is replaced once its lease runs out.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class StoreClusterServiceTest {

    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final String NAMESPACE = "impilo-order-feed";

    @Parameter
    TestStore kind;

    @TempDir
    Path dataDir;

    private StateStore store;
    private CamelContext a;
    private CamelContext b;

    @BeforeEach
    void open() {
        store = kind.fresh(dataDir).open();
    }

    @AfterEach
    void close() {
        for (CamelContext context : new CamelContext[] {a, b}) {
            if (context != null) {
                context.stop();
            }
        }
        store.stop();
    }

    @Test
    void the_route_runs_on_one_instance_and_moves_to_another_when_its_leader_stops() throws Exception {
        a = instance("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> running(a));
        b = instance("b");
        StoreClusterService cluster = new StoreClusterService(store.dataSource(), "viewer", LEASE, Clock.systemUTC());

        assertThat(running(b)).as("b while a leads").isFalse();
        assertThat(cluster.leaderOf(NAMESPACE)).contains("a");

        a.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> running(b));
        assertThat(cluster.leaderOf(NAMESPACE)).contains("b");
    }

    @Test
    void the_lease_of_a_leader_that_died_is_taken_over_once_it_runs_out() throws Exception {
        long until = System.currentTimeMillis() + 3000;
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO leader_leases (namespace, instance, lease_until) VALUES (?, 'killed', ?)")) {
            ps.setString(1, NAMESPACE);
            ps.setLong(2, until);
            ps.executeUpdate();
        }

        b = instance("b");

        assertThat(running(b)).as("the dead leader's lease still runs").isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> running(b));
        assertThat(System.currentTimeMillis()).isGreaterThan(until);
    }

    @Test
    void a_leader_whose_renewal_hangs_steps_down_once_its_lease_runs_out_and_another_leads() throws Exception {
        HangingDataSource hanging = new HangingDataSource(store.dataSource());
        a = instance("a", hanging);
        await().atMost(Duration.ofSeconds(10)).until(() -> running(a));
        b = instance("b");

        hanging.hang();
        long hungAt = System.currentTimeMillis();

        await().atMost(Duration.ofSeconds(10)).until(() -> !running(a));
        assertThat(System.currentTimeMillis() - hungAt).as("within its lease").isLessThan(LEASE.toMillis() + 1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> running(b));
        hanging.release();
    }

    /**
     * A database that stops answering: its connections wait until released, as a pool waits on a network that drops
     * packets. Only the hang is simulated; the statements run on the real store.
     */
    private static final class HangingDataSource implements DataSource {
        private final DataSource real;
        private final CountDownLatch answer = new CountDownLatch(1);
        private volatile boolean hanging;

        HangingDataSource(DataSource real) {
            this.real = real;
        }

        void hang() {
            hanging = true;
        }

        void release() {
            answer.countDown();
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (hanging) {
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while the database did not answer", e);
                }
                throw new SQLException("the database did not answer");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // not used
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    private CamelContext instance(String name) throws Exception {
        return instance(name, store.dataSource());
    }

    private CamelContext instance(String name, DataSource dataSource) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addService(new StoreClusterService(dataSource, name, LEASE, Clock.systemUTC()), true, true);
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(context, NAMESPACE);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:singleton").routeId("singleton").routePolicy(policy).log("leader");
            }
        });
        context.start();
        return context;
    }

    private static boolean running(CamelContext context) {
        return context.getRouteController().getRouteStatus("singleton") == ServiceStatus.Started;
    }
}
