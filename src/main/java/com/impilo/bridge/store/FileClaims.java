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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance works on which partner file, in the state store that several instances share: a claim is one
 * statement that wins or loses cleanly (never an exception on a race), held for a lease the instance renews while it
 * works ({@link #renewHeld}); a claim whose lease ran out, because its instance died, is taken over. A claim lasts
 * while its file is at its source: it is released once the file has moved away, or when the file is given up
 * unfinished, so that another instance may take it at once. The same claims keep an order's key and a feed change to
 * one instance at a time ({@link #holdAfter}), under sources whose names start with '#'.
 */
public final class FileClaims {

    private static final Logger LOG = LoggerFactory.getLogger(FileClaims.class);

    // Portable upsert (SQLite >= 3.24 and PostgreSQL): a new claim, a takeover of one whose lease ran out, or the
    // holder's own again (Camel does not release a read lock when a download fails after it, so the claim of a file
    // this instance listed again must not stand in its own way); another's live claim is left as it is, and the
    // statement then changes no row.
    private static final String CLAIM = "INSERT INTO file_claims (source, file_key, instance, lease_until)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (source, file_key) DO UPDATE SET instance = excluded.instance,"
            + " lease_until = excluded.lease_until WHERE file_claims.lease_until < ?"
            + " OR file_claims.instance = excluded.instance";

    private static final String RELEASE = "DELETE FROM file_claims WHERE source = ? AND file_key = ? AND instance = ?";

    private static final Duration HOLD_RETRY = Duration.ofMillis(50);

    private final DataSource dataSource;
    private final String instance;
    private final Duration lease;
    private final Clock clock;
    // each claim this instance holds, with the turn it was taken at: a renewal that finds a claim gone forgets it only
    // if it was not taken again meanwhile
    private final Map<FileRef, Long> held = new ConcurrentHashMap<>();
    private final AtomicLong turns = new AtomicLong();
    // run in the ledger's transaction for every order of a shared store: prepared once per connection
    private final PreparedStatements claimOn = new PreparedStatements(CLAIM);
    private final PreparedStatements releaseOn = new PreparedStatements(RELEASE);

    /** A file of a source, by the key its claim has. */
    public record FileRef(String source, String fileKey) {
    }

    /** A claim of a source's file: which instance holds it, and until when unless renewed. */
    public record Claim(String source, String fileKey, String instance, Instant leaseUntil) {
    }

    /**
     * @param instance this instance's name, as the claims and the person on call see it
     * @param lease    how long a claim holds without being renewed
     */
    public FileClaims(DataSource dataSource, String instance, Duration lease, Clock clock) {
        this.dataSource = dataSource;
        this.instance = instance;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Claims the file for this instance: true when it is this instance's to work on now. Its holder may claim it again
     * (a file Camel lists again is not in progress in this instance any more).
     */
    public boolean claim(String source, String fileKey) {
        boolean won = update(CLAIM, source, fileKey, claiming(source, fileKey)) == 1;
        if (won) {
            held.put(new FileRef(source, fileKey), turns.incrementAndGet());
        }
        return won;
    }

    private Parameters claiming(String source, String fileKey) {
        long now = clock.millis();
        return ps -> {
            ps.setString(1, source);
            ps.setString(2, fileKey);
            ps.setString(3, instance);
            ps.setLong(4, now + lease.toMillis());
            ps.setLong(5, now);
        };
    }

    private Parameters releasing(String source, String fileKey) {
        return ps -> {
            ps.setString(1, source);
            ps.setString(2, fileKey);
            ps.setString(3, instance);
        };
    }

    /**
     * Tries until {@code claimed} answers true, every 50 ms: another instance's claim ends when it
     * releases it, or after its lease if it died. The wait is not cut short by an interrupt (a shutdown in progress):
     * what waits finishes, rather than fail half-way; the interrupt is kept for the caller.
     */
    static void waitUntil(BooleanSupplier claimed) {
        boolean interrupted = false;
        try {
            while (!claimed.getAsBoolean()) {
                try {
                    Thread.sleep(HOLD_RETRY.toMillis());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * After the caller's own lock on a key ({@code heldLocally}, which keeps this instance's threads apart), waits until
     * this instance holds the key's claim too ({@link #waitUntil}). Returns what releases both, the claim first; if the
     * wait fails, the local lock is released.
     */
    public Runnable holdAfter(Runnable heldLocally, String source, String key) {
        try {
            waitUntil(() -> claim(source, key));
        } catch (RuntimeException e) {
            heldLocally.run();
            throw e;
        }
        return () -> {
            try {
                releaseOrLetLapse(source, key);
            } finally {
                heldLocally.run();
            }
        };
    }

    // A store that is away leaves the claim to lapse with its lease (this instance may claim it again before).
    private void releaseOrLetLapse(String source, String key) {
        try {
            release(source, key);
        } catch (RuntimeException e) {
            LOG.warn("the claim of {} {} stays in the state store until its lease runs out: {}", source,
                    LogText.of(key), LogText.of(e.getMessage()));
        }
    }

    /**
     * A key's claim for the order ledger to take and release inside its own writes' transactions ({@link
     * OrderLedger#beginClaiming}, {@link OrderLedger#recordReleasing}), so that an order's claim costs the store no
     * commits of its own: the claim with the entry in flight, the release with the order's outcome.
     */
    public KeyClaim keyClaim(String source, String key) {
        return new KeyClaim(source, key);
    }

    /** One key's claim, taken and released in the ledger's transactions; {@link #release} releases it on its own. */
    public final class KeyClaim {
        private final String source;
        private final String key;
        private volatile boolean holding;

        private KeyClaim(String source, String key) {
            this.source = source;
            this.key = key;
        }

        /** The claim's statement in the caller's transaction: false when another instance holds the key now. */
        boolean takeIn(Connection c) throws SQLException {
            PreparedStatement ps = claimOn.on(c);
            claiming(source, key).set(ps);
            return ps.executeUpdate() == 1;
        }

        /**
         * The release's statement in the caller's transaction. The claim is no longer renewed from here on, so that a
         * renewal between the release's commit and {@link #released} does not take it for one another instance took
         * over; if the transaction fails, {@link #release} deletes it on its own.
         */
        void releaseIn(Connection c) throws SQLException {
            held.remove(new FileRef(source, key));
            PreparedStatement ps = releaseOn.on(c);
            releasing(source, key).set(ps);
            ps.executeUpdate();
        }

        /** The transaction that took it committed: renewed with the others until released. */
        void taken() {
            holding = true;
            held.put(new FileRef(source, key), turns.incrementAndGet());
        }

        /** The transaction that released it committed. */
        void released() {
            holding = false;
        }

        /** Whether this instance holds the key's claim now. */
        public boolean held() {
            return holding;
        }

        /**
         * Releases the claim on its own, if it is still held (an order that ended without an outcome in the ledger); a
         * store that is away leaves it to lapse with its lease.
         */
        public void release() {
            if (!holding) {
                return;
            }
            holding = false;
            releaseOrLetLapse(source, key);
        }
    }

    /** Extends this instance's claim of a file it still works on; false when the claim is no longer its own. */
    public boolean renew(String source, String fileKey) {
        long until = clock.millis() + lease.toMillis();
        return update("UPDATE file_claims SET lease_until = ? WHERE source = ? AND file_key = ? AND instance = ?",
                source, fileKey, ps -> {
                    ps.setLong(1, until);
                    ps.setString(2, source);
                    ps.setString(3, fileKey);
                    ps.setString(4, instance);
                }) == 1;
    }

    /**
     * Extends every claim this instance holds; returns those it no longer holds (another instance took them over,
     * because this one did not renew them within the lease), which it stops renewing.
     */
    public List<FileRef> renewHeld() {
        List<FileRef> lost = new ArrayList<>();
        for (Map.Entry<FileRef, Long> claim : held.entrySet()) {
            FileRef ref = claim.getKey();
            if (!renew(ref.source(), ref.fileKey()) && held.remove(ref, claim.getValue())) {
                lost.add(ref);
            }
        }
        return lost;
    }

    /** How many files this instance holds claims of now (not counting claims of orders and feed changes). */
    public int heldFiles() {
        return (int) held.keySet().stream().filter(claim -> !claim.source().startsWith("#")).count();
    }

    /** The file has moved away from its source, or is given up unfinished: another instance may claim it at once. */
    public void release(String source, String fileKey) {
        held.remove(new FileRef(source, fileKey));
        update(RELEASE, source, fileKey, releasing(source, fileKey));
    }

    /**
     * At start: the claims this instance's previous run left (it was killed) are given up, so that their files are
     * taken at once rather than after the lease. Safe because an instance's name belongs to one data folder, which one
     * process at a time holds. Returns how many there were.
     */
    public int releaseLeftOver() {
        held.clear();
        return update("DELETE FROM file_claims WHERE instance = ?", "*", "*", ps -> ps.setString(1, instance));
    }

    /** Every claim now in the store, of every instance, oldest lease first. */
    public List<Claim> all() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT source, file_key, instance, lease_until FROM file_claims"
                     + " ORDER BY lease_until, source, file_key");
             ResultSet rs = ps.executeQuery()) {
            List<Claim> claims = new ArrayList<>();
            while (rs.next()) {
                claims.add(new Claim(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4))));
            }
            return claims;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the claims of files: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, String source, String fileKey, Parameters parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the claim of " + source + " file " + fileKey + ": "
                    + e.getMessage(), e);
        }
    }
}
