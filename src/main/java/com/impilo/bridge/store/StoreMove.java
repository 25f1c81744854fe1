package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Moves what a store remembers into another, both at this version's schema: the ledger, the processed remote files,
 * the feed's state, the X12 interchanges, control numbers and purchase orders, and the shared audit events (an
 * embedded store has none: its audit trail is in files), in one transaction of the target
 * (all or nothing). What only lives while instances run (claims of files, leases, the instances) is not moved. The
 * target must hold nothing yet and have the source's installation id, which names the stamps of its orders.
 */
public final class StoreMove {

    /** The durable tables, in the order they are moved. */
    static final List<String> TABLES = List.of("order_ledger", "processed_file", "order_feed_state",
            "x12_interchanges", "x12_control_numbers", "x12_purchase_orders", "audit_events");
    private static final int BATCH = 500;

    private StoreMove() {
    }

    /** The move cannot be made as asked: said in a sentence, nothing was written. */
    public static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Copies every durable table of {@code from} into {@code to}; returns the rows moved per table.
     *
     * @throws RefusedException when the target already holds rows or belongs to another installation
     */
    public static Map<String, Integer> move(StateStore from, StateStore to) throws RefusedException, SQLException {
        if (!from.installationId().equals(to.installationId())) {
            throw new RefusedException("the target store belongs to installation " + to.installationId() + ", the"
                    + " store to move to installation " + from.installationId());
        }
        Map<String, Integer> moved = new LinkedHashMap<>();
        try (Connection source = from.dataSource().getConnection();
             Connection target = to.dataSource().getConnection()) {
            for (String table : TABLES) {
                int rows = count(target, table);
                if (rows > 0) {
                    throw new RefusedException("the target store is not empty: its " + table + " holds " + rows
                            + " row(s); move into a new, empty database");
                }
            }
            target.setAutoCommit(false);
            try {
                for (String table : TABLES) {
                    moved.put(table, copy(source, target, table));
                }
                target.commit();
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                throw e;
            } finally {
                target.setAutoCommit(true);
            }
        }
        return moved;
    }

    private static int count(Connection connection, String table) throws SQLException {
        try (Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // Rows are read in one pass and written in batches; each value is set as the target's column type wants it.
    private static int copy(Connection source, Connection target, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        try (Statement sql = target.createStatement(); ResultSet empty = sql.executeQuery(
                "SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = empty.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                types.add(meta.getColumnType(i));
            }
        }
        String names = String.join(", ", columns);
        String insert = "INSERT INTO " + table + " (" + names + ") VALUES ("
                + String.join(", ", columns.stream().map(column -> "?").toList()) + ")";
        int rows = 0;
        try (Statement read = source.createStatement();
             ResultSet rs = read.executeQuery("SELECT " + names + " FROM " + table);
             PreparedStatement write = target.prepareStatement(insert)) {
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    set(write, i + 1, types.get(i), rs, i + 1);
                }
                write.addBatch();
                if (++rows % BATCH == 0) {
                    write.executeBatch();
                }
            }
            write.executeBatch();
        }
        return rows;
    }

    private static void set(PreparedStatement write, int index, int type, ResultSet rs, int column)
            throws SQLException {
        switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> {
                long value = rs.getLong(column);
                if (rs.wasNull()) {
                    write.setNull(index, type);
                } else {
                    write.setLong(index, value);
                }
            }
            default -> write.setString(index, rs.getString(column));
        }
    }
}
