package com.impilo.bridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one durable store: a pooled JDBC DataSource (embedded SQLite unless configured otherwise), its schema
 * kept by Flyway migrations under {@code db/migration}, and the installation id it holds.
 */
public final class StateStore extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final String ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a call waits for a connection to a database server before it fails. */
    static final Duration SERVER_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;
    private final String installationId;
    private final boolean shared;

    private StateStore(HikariDataSource dataSource, String installationId, boolean shared) {
        this.dataSource = dataSource;
        this.installationId = installationId;
        this.shared = shared;
    }

    /**
     * Opens the store at a JDBC URL, or at {@code <dataDir>/state/bridge.db} when the URL is blank, and migrates its
     * schema to this version of the bridge (a store of an earlier version is upgraded in place).
     *
     * @param installationId the installation id the configuration asks for, or null: a new store takes it (or a
     *                       generated one); an existing store must already have it
     * @throws IllegalStateException when the store belongs to another installation than the one asked for
     */
    public static StateStore open(String jdbcUrl, Path dataDir, String user, String password, String installationId) {
        String url = jdbcUrl == null || jdbcUrl.isBlank() ? defaultSqliteUrl(dataDir) : jdbcUrl;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("bridge-state");
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        // SQLite serialises writers anyway; a small pool plus busy_timeout avoids SQLITE_BUSY under concurrency.
        boolean shared = isShared(url);
        config.setMaximumPoolSize(shared ? 10 : 4);
        if (shared) {
            // a database server that is away is known within seconds, not after the pool's default 30 s per call:
            // the store guard then stops the file in progress and pauses pickup (see StoreGuard)
            config.setConnectionTimeout(SERVER_CONNECTION_TIMEOUT.toMillis());
            // PostgreSQL's default, said so that no server or role default can change it: each statement sees what
            // was committed before it began, which an order's ledger write relies on to read, after winning its key's
            // claim, what the claim's last holder committed (OrderLedger.beginClaiming)
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        } else {
            // no statement reads a generated key back: without this, the SQLite driver runs a second query after
            // every insert or update to fetch one (about 3% of an order's CPU on an NDJSON file, bench/REPORT.md)
            config.addDataSourceProperty("jdbc.get_generated_keys", "false");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            StateStore store = new StateStore(dataSource, migrate(dataSource,
                    installationId == null || installationId.isBlank() ? newInstallationId() : installationId),
                    shared);
            if (installationId != null && !installationId.isBlank() && !installationId.equals(store.installationId)) {
                throw new OtherInstallationException("the state store belongs to installation "
                        + store.installationId + ", not " + installationId + " (bridge.installation-id): its orders'"
                        + " stamps name " + store.installationId);
            }
            return store;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The store belongs to another installation than the one asked for. */
    public static final class OtherInstallationException extends IllegalStateException {
        OtherInstallationException(String message) {
            super(message);
        }
    }

    /**
     * A store a bridge has already set up, for reading it: its schema is neither created nor migrated, so a command
     * run on the side never changes what the running instances use.
     *
     * @throws IllegalStateException when no bridge has set up a store there, or it cannot be reached
     */
    public static StateStore attach(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("bridge-state-reader");
        config.setMaximumPoolSize(2);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the state store at " + describe(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT id FROM bridge_installation")) {
            if (!row.next()) {
                throw new IllegalStateException("the state store at " + describe(jdbcUrl) + " has no installation id");
            }
            return new StateStore(dataSource, row.getString(1), isShared(jdbcUrl));
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("there is no bridge state"
                    + " store at " + describe(jdbcUrl) + " (no bridge has run on it yet?): " + e.getMessage(), e);
        }
    }

    /** Whether a JDBC URL names a database server that instances may share, rather than an embedded SQLite file. */
    public static boolean isShared(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:") && !jdbcUrl.startsWith("jdbc:sqlite:");
    }

    /** Where a store is, for messages: the kind of database and where, never the parameters a URL may carry. */
    public static String describe(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return "embedded SQLite";
        }
        int parameters = jdbcUrl.indexOf('?');
        return (parameters < 0 ? jdbcUrl : jdbcUrl.substring(0, parameters)).replaceAll("//[^/@]*@", "//");
    }

    /** A store at a JDBC URL or in a data folder, with whatever installation id it has (or a new one). */
    public static StateStore open(String jdbcUrl, Path dataDir, String user, String password) {
        return open(jdbcUrl, dataDir, user, password, null);
    }

    /** The id of this installation of the bridge, kept in the store: it names the bridge's stamps on orders. */
    public String installationId() {
        return installationId;
    }

    // Flyway applies what this version adds; a store written before Flyway (version 1's tables, no history) is taken
    // as version 1. The id is used only when the store is new or comes from before installation ids.
    private static String migrate(DataSource dataSource, String installationId) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .baselineOnMigrate(true)
                .baselineVersion("1")
                .placeholders(Map.of("installationId", installationId, "now", Instant.now().toString()))
                .load()
                .migrate();
        if (result.migrationsExecuted > 0 && result.initialSchemaVersion != null) {
            LOG.info("state store upgraded from version {} to {}", result.initialSchemaVersion,
                    result.targetSchemaVersion);
        }
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT id FROM bridge_installation")) {
            if (!row.next()) {
                throw new IllegalStateException("the state store has no installation id");
            }
            return row.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state store's installation id: " + e.getMessage(), e);
        }
    }

    // Short, lower case, unique enough among one customer's installations: stamps carry it on every order.
    private static String newInstallationId() {
        StringBuilder id = new StringBuilder("b");
        for (int i = 0; i < 9; i++) {
            id.append(ID_CHARACTERS.charAt(RANDOM.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }

    static String defaultSqliteUrl(Path dataDir) {
        Path db = dataDir.resolve("state").resolve("bridge.db").toAbsolutePath();
        try {
            Files.createDirectories(db.getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the state folder " + db.getParent() + ": " + e.getMessage(), e);
        }
        return "jdbc:sqlite:" + db + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000";
    }

    /** True when several instances may share the store (a database server), false for an embedded SQLite file. */
    public boolean shared() {
        return shared;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected void doStop() {
        dataSource.close();
    }
}
