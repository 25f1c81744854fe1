package com.impilo.bridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One SQL statement prepared once per database connection, for a statement run for every order. SQLite compiles a
 * statement at each {@code prepareStatement}, which costs more than the row it then writes or reads, and the pool
 * keeps no statements of its own (it closes those made through a borrowed connection when it is returned).
 * <p>
 * The statement is prepared on the pool's physical connection, so it lives exactly as long as that connection:
 * a connection the pool retired or lost closes it, and the next call on a new connection prepares it again. A
 * physical connection is used by one borrower at a time, and so is its statement.
 */
final class PreparedStatements {

    private final String sql;
    private final Map<Connection, PreparedStatement> byConnection = new HashMap<>();

    PreparedStatements(String sql) {
        this.sql = sql;
    }

    /** The statement on {@code borrowed}'s physical connection, its parameters cleared. */
    PreparedStatement on(Connection borrowed) throws SQLException {
        Connection physical = borrowed.unwrap(Connection.class);
        PreparedStatement statement;
        synchronized (byConnection) {
            statement = byConnection.get(physical);
        }
        if (statement != null && !statement.isClosed()) {
            statement.clearParameters();
            return statement;
        }
        statement = physical.prepareStatement(sql);
        synchronized (byConnection) {
            // those of connections gone since are let go, so that the map never outgrows the pool
            byConnection.values().removeIf(PreparedStatements::closed);
            byConnection.put(physical, statement);
        }
        return statement;
    }

    private static boolean closed(PreparedStatement statement) {
        try {
            return statement.isClosed() || statement.getConnection().isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
