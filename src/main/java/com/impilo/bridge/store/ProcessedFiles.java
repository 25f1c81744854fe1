package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The remote files one source has processed, in the state store, as Camel's idempotent repository: a file whose key
 * (name, size, modification time) is here is not taken again, whatever happened to it on the server.
 * The endpoint adds a key only once the file was processed ({@code idempotentEager=false}): a file the bridge stopped
 * in the middle of is taken again after a restart, and the ledger keeps its orders from being created twice.
 */
public final class ProcessedFiles extends ServiceSupport implements IdempotentRepository {

    // Portable (SQLite and PostgreSQL): a key seen twice is simply not added again.
    private static final String ADD = "INSERT INTO processed_file (source, file_key, processed_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (source, file_key) DO NOTHING";

    private final DataSource dataSource;
    private final String source;
    private final Clock clock;

    public ProcessedFiles(DataSource dataSource, String source, Clock clock) {
        this.dataSource = dataSource;
        this.source = source;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        return update(ADD, key, Instant.now(clock).toString()) == 1;
    }

    @Override
    public boolean contains(String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT 1 FROM processed_file WHERE source = ? AND file_key = ?")) {
            ps.setString(1, source);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the processed files of source " + source + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String key) {
        return update("DELETE FROM processed_file WHERE source = ? AND file_key = ?", key) == 1;
    }

    // Keys are written only after processing (idempotentEager=false), so there is nothing left to confirm.
    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        update("DELETE FROM processed_file WHERE source = ?");
    }

    private int update(String sql, String... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source);
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 2, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the processed files of source " + source + ": "
                    + e.getMessage(), e);
        }
    }
}
