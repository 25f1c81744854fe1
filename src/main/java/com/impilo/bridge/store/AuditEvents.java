package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.text.LogText;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit events of every instance sharing a store, for {@code trace} run on any of them. Each instance's events are
 * copied here in batches by a thread of their own, a moment after its audit file has them (the file stays the trail
 * of record); a queue that is full, or a copy that is not running, is written through instead. The same thread
 * deletes the instance's events once they are older than its audit retention.
 */
public final class AuditEvents extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AuditEvents.class);
    private static final int BATCH = 500;
    private static final int QUEUE = 50_000;
    private static final Duration FLUSH = Duration.ofMillis(200);
    private static final String INSERT = "INSERT INTO audit_events (instance, at, seq, event, idempotency_key,"
            + " impilo_order_id, file_name, external_order_ids, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final DataSource dataSource;
    private final String instance;
    private final int retentionDays;
    private final BlockingQueue<Row> queue = new LinkedBlockingQueue<>(QUEUE);
    // starts from the clock, so that a restarted instance's events still come after its earlier ones
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private long lastPurge;
    private Thread writer;
    private volatile boolean running;

    /**
     * One event: when, what, the ids it is found by, and its line as the audit file has it.
     *
     * @param externalOrderIds the order's external ids as a JSON array, or null
     */
    public record Row(long seq, Instant at, String event, String key, Long impiloOrderId, String file,
                      String externalOrderIds, String line) {
    }

    /**
     * @param retentionDays how long this instance's events stay (its audit files' retention); 0 for a reader
     */
    public AuditEvents(DataSource dataSource, String instance, int retentionDays) {
        this.dataSource = dataSource;
        this.instance = instance;
        this.retentionDays = retentionDays;
    }

    /**
     * Copies one event into the store, soon; at once (on the caller's thread) only when the copy has fallen a whole
     * queue behind, or is not running.
     */
    public void add(Instant at, String event, String key, Long impiloOrderId, String file, String externalOrderIds,
                    String line) {
        Row row = new Row(sequence.incrementAndGet(), at, event, key, impiloOrderId, file, externalOrderIds, line);
        if (!running || !queue.offer(row)) {
            write(List.of(row));
        }
    }

    /**
     * The lines of the events that may concern {@code wanted} (an idempotency key, a file name, an Impilo order id or
     * an external order id), of every instance, oldest first; the caller tells exactly which do.
     */
    public List<String> mayConcern(String wanted) {
        String sql = "SELECT line FROM audit_events WHERE idempotency_key = ? OR file_name = ? OR impilo_order_id = ?"
                + " OR external_order_ids LIKE ? ESCAPE '!' ORDER BY at, instance, seq";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, wanted);
            ps.setString(2, wanted);
            if (wanted.matches("\\d{1,18}")) {
                ps.setLong(3, Long.parseLong(wanted));
            } else {
                ps.setNull(3, Types.BIGINT);
            }
            // an element of the JSON array, quotes and all, so that 1003 does not find every id with 1003 in it
            String element = ImpiloJson.mapper().writeValueAsString(wanted);
            ps.setString(4, "%" + element.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return lines;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the audit events of the state store: " + e.getMessage(), e);
        }
    }

    // This instance's events from before the retention period go, as its audit files of those days do; once an hour,
    // on the copy's own thread.
    private void purgeIfDue() {
        long now = System.currentTimeMillis();
        if (retentionDays <= 0 || now - lastPurge < PURGE_EVERY.toMillis()) {
            return;
        }
        lastPurge = now;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM audit_events WHERE instance = ? AND at < ?")) {
            ps.setString(1, instance);
            ps.setLong(2, now - Duration.ofDays(retentionDays).toMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("cannot delete old audit events from the state store: {}", LogText.of(e.getMessage()));
        }
    }

    @Override
    protected void doStart() {
        running = true;
        writer = new Thread(this::writeBatches, "bridge-audit-events");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        drain();
    }

    private void writeBatches() {
        while (running) {
            try {
                purgeIfDue();
                Row first = queue.poll(FLUSH.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Row> batch = new ArrayList<>(List.of(first));
                    queue.drainTo(batch, BATCH - 1);
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // At stop: what is left goes in batches, until one fails (a database that is away would make each wait).
    private void drain() {
        List<Row> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int from = 0; from < rest.size(); from += BATCH) {
            if (!write(rest.subList(from, Math.min(rest.size(), from + BATCH)))) {
                int left = rest.size() - from - BATCH;
                if (left > 0) {
                    LOG.warn("{} more audit event(s) of instance {} are not in the state store; its audit files have"
                            + " them", left, instance);
                }
                return;
            }
        }
    }

    // A batch that fails is written row by row, so that one bad row (a value too long for its column) costs only
    // itself; what cannot be written is logged and dropped: the audit files still hold it. True when all went in.
    private boolean write(List<Row> rows) {
        try (Connection c = dataSource.getConnection()) {
            try {
                insert(c, rows);
                return true;
            } catch (SQLException | RuntimeException batchFailed) {
                if (rows.size() == 1) {
                    throw batchFailed;
                }
            }
            int lost = 0;
            String reason = null;
            for (Row row : rows) {
                try {
                    insert(c, List.of(row));
                } catch (SQLException | RuntimeException e) {
                    lost++;
                    reason = e.getMessage();
                }
            }
            if (lost > 0) {
                notWritten(lost, reason);
            }
            return lost == 0;
        } catch (SQLException | RuntimeException e) {
            notWritten(rows.size(), e.getMessage());
            return false;
        }
    }

    private void insert(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Row row : rows) {
                ps.setString(1, instance);
                ps.setLong(2, row.at().toEpochMilli());
                ps.setLong(3, row.seq());
                ps.setString(4, row.event());
                ps.setString(5, row.key());
                if (row.impiloOrderId() == null) {
                    ps.setNull(6, Types.BIGINT);
                } else {
                    ps.setLong(6, row.impiloOrderId());
                }
                ps.setString(7, row.file());
                ps.setString(8, row.externalOrderIds());
                ps.setString(9, row.line());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void notWritten(int rows, String reason) {
        LOG.warn("{} audit event(s) of instance {} are not in the state store (trace on other instances will not show"
                + " them; this instance's audit files have them): {}", rows, instance, LogText.of(reason));
    }
}
