package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.text.LogText;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order ledger: each order's idempotency key, origin, outcome and Impilo id, in the state store. As a service it
 * commits, when it stops, what it held back for its next commit.
 */
public final class OrderLedger extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLedger.class);

    private static final String COLUMNS = "idempotency_key, external_order_ids, source, source_file, position, state,"
            + " impilo_order_id, impilo_status, reason";

    // Portable upsert (SQLite >= 3.24 and PostgreSQL): first_seen_at is kept, everything else follows the latest event.
    private static final String INSERT = "INSERT INTO order_ledger (" + COLUMNS + ", first_seen_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT = INSERT
            + " ON CONFLICT (idempotency_key) DO UPDATE SET external_order_ids = excluded.external_order_ids,"
            + " source = excluded.source, source_file = excluded.source_file, position = excluded.position,"
            + " state = excluded.state, impilo_order_id = excluded.impilo_order_id,"
            + " impilo_status = excluded.impilo_status, reason = excluded.reason, updated_at = excluded.updated_at"
            // a created order stays created: a later bad copy of it must not hide its Impilo id
            + " WHERE order_ledger.state <> 'CREATED' OR excluded.state = 'CREATED'";
    // An order that begins under a key never seen before: its row is written as it is, and there was nothing before it.
    private static final String INSERT_NEW = INSERT + " ON CONFLICT (idempotency_key) DO NOTHING";

    // bound to the type once: the mapper would look up the list's serializer and deserializer at each row
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final ObjectWriter IDS_WRITER = ImpiloJson.mapper().writerFor(STRINGS);
    private static final ObjectReader IDS_READER = ImpiloJson.mapper().readerFor(STRINGS);

    private final DataSource dataSource;
    private final Clock clock;
    private final PreparedStatements upsert = new PreparedStatements(UPSERT);
    private final PreparedStatements insertNew = new PreparedStatements(INSERT_NEW);
    private final PreparedStatements byKey = new PreparedStatements("SELECT " + COLUMNS + " FROM order_ledger"
            + " WHERE idempotency_key = ?");
    // Group commit: entries wait here while another thread commits; whoever commits next takes all of them.
    private final List<Pending> queued = new ArrayList<>();
    // the entries held back for the next commit, by key, for the lookups until then; changed with the queue
    private final Map<String, LedgerEntry> heldBack = new ConcurrentHashMap<>();
    private final ReentrantLock committing = new ReentrantLock();

    public OrderLedger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Writes the entry's current state, creating the row on first sight; a created order is never downgraded. The
     * entry is committed when this returns.
     * <p>
     * Entries recorded at the same time are committed together, in one transaction: SQLite takes one writer at a
     * time, and writers that meet a locked database back off by sleeping (milliseconds each time), while a
     * transaction of several rows costs about as much as one of a single row.
     */
    public void record(LedgerEntry entry) {
        commitNow(new Pending(entry, Instant.now(clock).toString(), false, false));
    }

    /**
     * Like {@link #record}, for an order that begins: answers with the key's entry as it was before this write (or held
     * back for the next commit), so that beginning an order costs the store one turn on one connection, not a lookup
     * and then a write. Whoever commits it inserts the row of a key never seen before, and reads the entry only when
     * the key is there already. A created entry stays created: the write then changes nothing.
     */
    public Optional<LedgerEntry> begin(LedgerEntry inFlight) {
        Pending pending = new Pending(inFlight, Instant.now(clock).toString(), false, true);
        LedgerEntry waiting = heldBack.get(inFlight.idempotencyKey());
        commitNow(pending);
        return Optional.ofNullable(waiting != null ? waiting : pending.before);
    }

    /**
     * Like {@link #begin}, in a store several instances share: the key's claim among them is taken in the same
     * transaction as the in-flight write, and the entry before it read after the claim, so that whatever the claim's
     * last holder committed is seen. While another instance holds the key, this waits and tries again ({@link
     * FileClaims#waitUntil}): that one releases it with the order's outcome ({@link #recordReleasing}).
     */
    public Optional<LedgerEntry> beginClaiming(LedgerEntry inFlight, FileClaims.KeyClaim claim) {
        List<Optional<LedgerEntry>> before = new ArrayList<>(1);
        FileClaims.waitUntil(() -> {
            Pending pending = new Pending(inFlight, Instant.now(clock).toString(), false, true, claim, null);
            LedgerEntry waiting = heldBack.get(inFlight.idempotencyKey());
            commitNow(pending);
            if (!pending.claimLost) {
                before.add(Optional.ofNullable(waiting != null ? waiting : pending.before));
            }
            return !pending.claimLost;
        });
        return before.get(0);
    }

    /**
     * Like {@link #record}, releasing the key's claim (taken by {@link #beginClaiming}) in the same transaction: other
     * instances may take the key once the order's outcome is in the store, and not before.
     */
    public void recordReleasing(LedgerEntry entry, FileClaims.KeyClaim claim) {
        commitNow(new Pending(entry, Instant.now(clock).toString(), false, false, null, claim.held() ? claim : null));
    }

    private void commitNow(Pending pending) {
        LedgerEntry entry = pending.entry;
        synchronized (queued) {
            queued.add(pending);
        }
        committing.lock();
        try {
            if (!pending.done) {
                commitQueued();
            }
        } finally {
            committing.unlock();
        }
        if (pending.failure != null) {
            throw new LedgerException("cannot record order " + entry.idempotencyKey() + " in the ledger",
                    pending.failure);
        }
        if (!pending.done) {
            // a batch ended by something no catch expected (an Error): never report a row as written that was not
            throw new LedgerException("cannot record order " + entry.idempotencyKey() + " in the ledger",
                    new IllegalStateException("its batch ended before it was written"));
        }
    }

    /**
     * Writes the entry with the next commit instead of committing it now: with the next entry {@linkplain
     * #record(LedgerEntry) recorded} by any order, or by {@link #flush()}. Until then {@link #find} and {@link
     * #findCreated} answer with it. For an order's creation, which a process killed before the commit does not lose:
     * the order stays in flight in the ledger, and the next attempt finds it at Impilo by its stamp before creating
     * anything.
     */
    public void recordWithNext(LedgerEntry entry) {
        Pending pending = new Pending(entry, Instant.now(clock).toString(), true, false);
        synchronized (queued) {
            queued.add(pending);
            heldBack.put(entry.idempotencyKey(), entry);
        }
    }

    /**
     * Commits every entry held back for the next commit; when this returns they are on disk.
     *
     * @throws LedgerException when one of them could not be written (it waits for the next commit)
     */
    public void flush() {
        List<Pending> failed;
        committing.lock();
        try {
            failed = commitQueued();
        } finally {
            committing.unlock();
        }
        if (!failed.isEmpty()) {
            throw new LedgerException("cannot record order " + failed.get(0).entry.idempotencyKey()
                    + " in the ledger", failed.get(0).failure);
        }
    }

    // Each such entry is an order in flight in the store, which its next attempt would find at Impilo: nothing is lost
    // when the store cannot take them now, but the attempt costs a lookup, so it is said.
    @Override
    protected void doStop() {
        try {
            flush();
        } catch (LedgerException e) {
            LOG.warn("orders created at Impilo stay in flight in the ledger; their next attempt finds them by their"
                    + " stamp: {}", LogText.of(e.getMessage()));
        }
    }

    // Under the commit lock: everything queued, in one transaction. Held-back entries that failed wait for the next
    // commit (written twice at worst, never lost; the upsert is the same either way); they are returned.
    private List<Pending> commitQueued() {
        List<Pending> batch;
        synchronized (queued) {
            batch = List.copyOf(queued);
            queued.clear();
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        commit(batch);
        List<Pending> failed = new ArrayList<>();
        synchronized (queued) {
            for (Pending pending : batch) {
                if (!pending.heldBack) {
                    continue;
                }
                if (pending.failure == null) {
                    heldBack.remove(pending.entry.idempotencyKey(), pending.entry);
                } else {
                    failed.add(pending);
                }
            }
            List<Pending> again = new ArrayList<>();
            for (Pending pending : failed) {
                again.add(new Pending(pending.entry, pending.time, true, false));
            }
            queued.addAll(0, again);
        }
        return failed;
    }

    // One transaction for the batch; if it fails, each entry on its own, so that one bad entry fails only its order.
    private void commit(List<Pending> batch) {
        try (Connection c = dataSource.getConnection()) {
            if (batch.size() > 1) {
                try {
                    write(c, batch);
                    batch.forEach(Pending::succeeded);
                    return;
                } catch (SQLException | RuntimeException e) {
                    // written one by one below
                }
            }
            for (Pending pending : batch) {
                try {
                    write(c, List.of(pending));
                    pending.succeeded();
                } catch (SQLException | RuntimeException e) {
                    pending.failed(e);
                }
            }
        } catch (SQLException | RuntimeException e) {
            batch.stream().filter(pending -> !pending.done).forEach(pending -> pending.failed(e));
        }
    }

    private void write(Connection c, List<Pending> batch) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            PreparedStatement ps = upsert.on(c);
            for (Pending pending : batch) {
                // a key's claim row before its ledger row, in every transaction that touches both: two instances'
                // transactions on the same key then wait for each other instead of deadlocking
                if (pending.releases != null) {
                    pending.releases.releaseIn(c);
                }
                if (pending.takes != null) {
                    // the claim first, a write, so that this transaction is a writer from its start; then the
                    // entry, read after whatever the claim's last holder committed
                    pending.claimLost = !pending.takes.takeIn(c);
                    if (pending.claimLost) {
                        continue;
                    }
                    pending.before = select(c, pending.entry.idempotencyKey()).orElse(null);
                } else if (pending.reads) {
                    // Most orders begin under a new key: its row is inserted, and there was no entry before it. Only
                    // a key already there is read, then written like any other. The insert is a write, so the
                    // transaction is a writer before it reads: in SQLite's WAL mode a transaction that reads first
                    // cannot become a writer once another connection has committed since its read (SQLITE_BUSY,
                    // which no busy timeout waits out).
                    PreparedStatement insert = insertNew.on(c);
                    bind(insert, pending.entry, pending.time);
                    if (insert.executeUpdate() == 1) {
                        pending.before = null;
                        continue;
                    }
                    pending.before = select(c, pending.entry.idempotencyKey()).orElse(null);
                }
                bind(ps, pending.entry, pending.time);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void bind(PreparedStatement ps, LedgerEntry entry, String now) throws SQLException {
        ps.setString(1, entry.idempotencyKey());
        ps.setString(2, json(entry.externalOrderIds()));
        ps.setString(3, entry.source());
        ps.setString(4, entry.sourceFile());
        ps.setString(5, entry.position());
        ps.setString(6, entry.state().name());
        if (entry.impiloOrderId() == null) {
            ps.setNull(7, Types.BIGINT);
        } else {
            ps.setLong(7, entry.impiloOrderId());
        }
        ps.setString(8, entry.impiloStatus());
        ps.setString(9, entry.reason());
        ps.setString(10, now);
        ps.setString(11, now);
    }

    /** An entry waiting for its commit; written and read under the commit lock. */
    private static final class Pending {
        private final LedgerEntry entry;
        private final String time;
        private final boolean heldBack;
        // whether the entry before this write is wanted, and what it was
        private final boolean reads;
        // a key's claim among instances, taken or released in the same transaction, or null
        private final FileClaims.KeyClaim takes;
        private final FileClaims.KeyClaim releases;
        private boolean claimLost;
        private LedgerEntry before;
        private boolean done;
        private Exception failure;

        Pending(LedgerEntry entry, String time, boolean heldBack, boolean reads) {
            this(entry, time, heldBack, reads, null, null);
        }

        Pending(LedgerEntry entry, String time, boolean heldBack, boolean reads, FileClaims.KeyClaim takes,
                FileClaims.KeyClaim releases) {
            this.entry = entry;
            this.time = time;
            this.heldBack = heldBack;
            this.reads = reads;
            this.takes = takes;
            this.releases = releases;
        }

        void succeeded() {
            done = true;
            if (takes != null && !claimLost) {
                takes.taken();
            }
            if (releases != null) {
                releases.released();
            }
        }

        void failed(Exception e) {
            done = true;
            failure = e;
        }
    }

    public Optional<LedgerEntry> find(String idempotencyKey) {
        LedgerEntry waiting = heldBack.get(idempotencyKey);
        if (waiting != null) {
            return Optional.of(waiting);
        }
        try (Connection c = dataSource.getConnection()) {
            return select(c, idempotencyKey);
        } catch (SQLException e) {
            throw new LedgerException("cannot read the order ledger", e);
        }
    }

    private Optional<LedgerEntry> select(Connection c, String idempotencyKey) throws SQLException {
        PreparedStatement ps = byKey.on(c);
        ps.setString(1, idempotencyKey);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    /** The entry of the order this bridge created as Impilo order {@code impiloOrderId}, if it did. */
    public Optional<LedgerEntry> findCreated(long impiloOrderId) {
        for (LedgerEntry waiting : heldBack.values()) {
            if (waiting.state() == LedgerEntry.State.CREATED && waiting.impiloOrderId() != null
                    && waiting.impiloOrderId() == impiloOrderId) {
                return Optional.of(waiting);
            }
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM order_ledger"
                     + " WHERE impilo_order_id = ? AND state = 'CREATED'")) {
            ps.setLong(1, impiloOrderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the order ledger", e);
        }
    }

    /**
     * The key an order had before the ledger was keyed by the bridge's stamps (a ledger written by an earlier version),
     * for finding at Impilo an order that an attempt of that version may have created.
     */
    public Optional<String> legacyKey(String idempotencyKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT legacy_key FROM order_ledger WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the order ledger", e);
        }
    }

    /** The highest Impilo order id the ledger holds; 0 when it holds none. */
    public long highestImpiloOrderId() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(impilo_order_id) FROM order_ledger"
                     + " WHERE impilo_order_id IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new LedgerException("cannot read the order ledger", e);
        }
    }

    /** Every entry, oldest first, those held back for the next commit committed first. */
    public List<LedgerEntry> all() {
        flush();
        return query(" ORDER BY first_seen_at, idempotency_key");
    }

    private List<LedgerEntry> query(String where, String... args) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM order_ledger" + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<LedgerEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new LedgerException("cannot read the order ledger", e);
        }
    }

    // by position in COLUMNS: the driver would look each name up at every row
    private static LedgerEntry read(ResultSet rs) throws SQLException {
        List<String> ids = externalIds(rs.getString(2));
        long impiloId = rs.getLong(7);
        Long impiloOrderId = rs.wasNull() ? null : impiloId;
        return new LedgerEntry(rs.getString(1), ids, rs.getString(3), rs.getString(4), rs.getString(5),
                LedgerEntry.State.valueOf(rs.getString(6)), impiloOrderId, rs.getString(8), rs.getString(9));
    }

    // A JSON array keeps every id exactly as sent, whatever characters it holds.
    private static String json(List<String> ids) {
        try {
            return IDS_WRITER.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    private static List<String> externalIds(String json) throws SQLException {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return IDS_READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("external_order_ids is not a JSON array: " + e.getOriginalMessage(), e);
        }
    }

    /** The ledger could not be read or written; the order's fate is then unknown, so processing must not go on. */
    public static final class LedgerException extends RuntimeException {
        LedgerException(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
