package com.impilo.bridge.support;

import java.nio.file.Path;

import com.impilo.bridge.store.StateStore;

/** The state stores the store's tests run on: the embedded SQLite and a real PostgreSQL ({@link PostgresServer}). */
public enum TestStore {
    SQLITE, POSTGRESQL;

    /** A new, empty store of this kind, with the data folder it keeps its working files in. */
    public Location fresh(Path dataDir) {
        if (this == SQLITE) {
            return new Location(null, dataDir, null, null);
        }
        PostgresServer server = PostgresServer.get();
        return new Location(server.newDatabase(), dataDir, server.user(), server.password());
    }

    /** Where a store is: opened again, it is the same store. */
    public record Location(String url, Path dataDir, String user, String password) {

        public StateStore open() {
            return StateStore.open(url, dataDir, user, password);
        }
    }
}
