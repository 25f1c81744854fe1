package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The X12 interchanges each source has taken, so that one sent again is known as a duplicate; the control numbers of
 * the interchanges the bridge sends back to each partner; and per order created from an 850 what its ship notice
 * needs and whether it was sent: in the state store.
 */
public final class X12Interchanges {

    /** Control numbers are nine digits (ISA13); after the last the count starts again at 1. */
    static final long LAST_CONTROL_NUMBER = 999_999_999L;

    // Portable (SQLite >= 3.35 and PostgreSQL): one statement takes the next number, however many take one at once.
    private static final String NEXT = "INSERT INTO x12_control_numbers (partner, last_number) VALUES (?, 1)"
            + " ON CONFLICT (partner) DO UPDATE SET last_number = CASE WHEN x12_control_numbers.last_number >= "
            + LAST_CONTROL_NUMBER + " THEN 1 ELSE x12_control_numbers.last_number + 1 END RETURNING last_number";
    private static final String RECORD = "INSERT INTO x12_interchanges (source, sender, control_number, file_name,"
            + " received_at, file_fingerprint) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (source, sender, control_number) DO NOTHING";

    /** An interchange taken before: the file it came in, when, and that file's fingerprint (name, size, time). */
    public record Taken(String fileName, String receivedAt, String fingerprint) {
    }

    private static final String REMEMBER = "INSERT INTO x12_purchase_orders (idempotency_key, source, reply_address,"
            + " purchase_order) VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING";

    /** An order created from an 850: its source, where answers go and the purchase order, both as the caller wrote. */
    public record PurchaseOrderRecord(String key, String source, String replyAddress, String purchaseOrder) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    public X12Interchanges(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * How an interchange from this sender came through this source before, if it did.
     *
     * @param sender the sender's qualifier and id, e.g. {@code ZZ/ACME}
     */
    public Optional<Taken> takenBefore(String source, String sender, String controlNumber) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT file_name, received_at, file_fingerprint"
                     + " FROM x12_interchanges WHERE source = ? AND sender = ? AND control_number = ?")) {
            ps.setString(1, source);
            ps.setString(2, sender);
            ps.setString(3, controlNumber);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Taken(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the X12 interchanges of source " + source + ": "
                    + e.getMessage(), e);
        }
    }

    /** Remembers that an interchange was taken, once its file is done and answered. */
    public void taken(String source, String sender, String controlNumber, String fileName, String fingerprint) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RECORD)) {
            ps.setString(1, source);
            ps.setString(2, sender);
            ps.setString(3, controlNumber);
            ps.setString(4, fileName);
            ps.setString(5, Instant.now(clock).toString());
            ps.setString(6, fingerprint);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the X12 interchange " + controlNumber + " of source "
                    + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Remembers the orders a file created from its 850s, for their ship notices, a thousand to a transaction; one
     * remembered before changes nothing.
     */
    public void rememberPurchaseOrders(Iterator<PurchaseOrderRecord> orders) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(REMEMBER)) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int batched = 0;
                while (orders.hasNext()) {
                    PurchaseOrderRecord order = orders.next();
                    ps.setString(1, order.key());
                    ps.setString(2, order.source());
                    ps.setString(3, order.replyAddress());
                    ps.setString(4, order.purchaseOrder());
                    ps.addBatch();
                    if (++batched % 1000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remember purchase orders: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the order's ship notice to send: the order as remembered, when it came from an 850 and its notice was
     * not taken before. One caller only ever gets it, however many ask at once.
     */
    public Optional<PurchaseOrderRecord> takeShipNotice(String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement take = c.prepareStatement("UPDATE x12_purchase_orders SET ship_notice_sent_at = ?"
                     + " WHERE idempotency_key = ? AND ship_notice_sent_at IS NULL");
             PreparedStatement read = c.prepareStatement("SELECT source, reply_address, purchase_order"
                     + " FROM x12_purchase_orders WHERE idempotency_key = ?")) {
            take.setString(1, Instant.now(clock).toString());
            take.setString(2, key);
            if (take.executeUpdate() != 1) {
                return Optional.empty();
            }
            read.setString(1, key);
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? Optional.of(new PurchaseOrderRecord(key, rs.getString(1), rs.getString(2),
                        rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the ship notice of " + key + ": " + e.getMessage(), e);
        }
    }

    /** The ship notice taken could not be written: it is to be sent at the order's next change. */
    public void giveBackShipNotice(String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE x12_purchase_orders SET ship_notice_sent_at = NULL WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give back the ship notice of " + key + ": " + e.getMessage(), e);
        }
    }

    /** The next control number for an interchange (and its group) sent back to {@code partner}: 1, 2, ... */
    public long nextControlNumber(String partner) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NEXT)) {
            ps.setString(1, partner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take a control number for " + partner + ": " + e.getMessage(), e);
        }
    }
}
