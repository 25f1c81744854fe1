package com.impilo.bridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.support.service.ServiceSupport;

/** The bridge's one durable store: a pooled JDBC DataSource (embedded SQLite unless configured otherwise) and its schema. */
public final class StateStore extends ServiceSupport {

    private final HikariDataSource dataSource;

    private StateStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens the store at a JDBC URL, or at {@code <dataDir>/state/bridge.db} when the URL is blank, and creates the schema.
     */
    public static StateStore open(String jdbcUrl, Path dataDir, String user, String password) {
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
        config.setMaximumPoolSize(url.startsWith("jdbc:sqlite:") ? 4 : 10);
        StateStore store = new StateStore(new HikariDataSource(config));
        store.createSchema();
        return store;
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

    public DataSource dataSource() {
        return dataSource;
    }

    private void createSchema() {
        try (InputStream in = StateStore.class.getResourceAsStream("/db/schema.sql");
             Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String sql : script.split(";")) {
                String trimmed = sql.replaceAll("(?m)^--.*$", "").trim();
                if (!trimmed.isEmpty()) {
                    statement.execute(trimmed);
                }
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot create the state store schema: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doStop() {
        dataSource.close();
    }
}
