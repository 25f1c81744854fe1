package com.impilo.bridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.store.DataFolderLock;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.store.StoreMove;
import com.impilo.bridge.text.LogText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code move-store}: moves a data folder's embedded SQLite store into the PostgreSQL store the configuration names. */
@Command(name = "move-store",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Moves what the bridge remembers (its ledger, processed remote files, feed state and X12 control numbers)"
                + " from the data folder's embedded SQLite store (<data>/state/bridge.db) into the store that"
                + " bridge.store.url names (env BRIDGE_STORE_URL, BRIDGE_STORE_USER, BRIDGE_STORE_PASSWORD), which"
                + " must be an empty database. All or nothing; the bridge must not be running on the data folder.",
            "Afterwards the SQLite file is kept as <data>/state/bridge.db.moved, and the bridge runs on the new store"
                + " with the same settings."},
        footer = {"", "Exit codes: 0 moved; 2 configuration error, a running bridge or a target that is not empty;"
                + " 1 the move failed (nothing was written to the target)."})
public final class MoveStoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataFolderOptions dataFolder;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String prefix = "impilo-order-bridge move-store: ";
        Path data;
        String url;
        Configuration configuration;
        try {
            configuration = dataFolder.loadChecked();
            data = dataFolder.existingDataFolder(configuration);
            url = SharedStore.requiredUrl(configuration, "the store to move to");
            if (!Files.isRegularFile(sqliteFile(data))) {
                throw new BridgeConfigException(List.of("there is no embedded store to move in " + data.toAbsolutePath()
                        .normalize() + " (no state/bridge.db)"));
            }
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, prefix, err);
        }
        DataFolderLock lock;
        try {
            lock = DataFolderLock.acquire(data, Clock.systemUTC());
        } catch (DataFolderLock.TakenException e) {
            err.println(prefix + e.getMessage() + ": stop it before moving its store");
            err.flush();
            return BridgeCommand.EXIT_CONFIG;
        }
        try {
            return move(out, err, prefix, data, url, configuration);
        } finally {
            lock.stop();
        }
    }

    private int move(PrintWriter out, PrintWriter err, String prefix, Path data, String url,
                     Configuration configuration) {
        StateStore from = null;
        StateStore to = null;
        try {
            from = StateStore.open(null, data, null, null);
            to = SharedStore.open(configuration, url, data, from.installationId());
            Map<String, Integer> moved = StoreMove.move(from, to);
            from.stop();
            from = null;
            out.println("moved the store of " + data.toAbsolutePath().normalize() + " (installation "
                    + to.installationId() + ") to " + StateStore.describe(url) + ":");
            moved.forEach((table, rows) -> out.printf("  %-22s %d row(s)%n", table, rows));
            try {
                out.println("the SQLite file is kept as " + keepSqliteFile(data) + "; start the bridge with the same"
                        + " bridge.store.url");
            } catch (IOException e) {
                err.println(prefix + "the store is moved, but its SQLite file could not be renamed to"
                        + " state/bridge.db.moved (" + LogText.of(e.getMessage()) + "): rename it before starting the"
                        + " bridge without bridge.store.url");
            }
            return 0;
        } catch (StoreMove.RefusedException | StateStore.OtherInstallationException e) {
            err.println(prefix + LogText.of(e.getMessage()) + "; nothing was written");
            return BridgeCommand.EXIT_CONFIG;
        } catch (SQLException | RuntimeException e) {
            err.println(prefix + "the move failed, nothing was written to " + StateStore.describe(url) + ": "
                    + LogText.of(e.getMessage()));
            return 1;
        } finally {
            if (from != null) {
                from.stop();
            }
            if (to != null) {
                to.stop();
            }
            out.flush();
            err.flush();
        }
    }

    private static Path sqliteFile(Path data) {
        return data.resolve("state").resolve("bridge.db");
    }

    // The pool is closed, so SQLite has folded its write-ahead log into the file; whatever is left moves with it.
    private static Path keepSqliteFile(Path data) throws IOException {
        Path db = sqliteFile(data);
        Path kept = db.resolveSibling("bridge.db.moved");
        Files.move(db, kept, StandardCopyOption.REPLACE_EXISTING);
        for (String suffix : List.of("-wal", "-shm")) {
            Path side = db.resolveSibling("bridge.db" + suffix);
            if (Files.exists(side)) {
                Files.move(side, kept.resolveSibling("bridge.db.moved" + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return kept.toAbsolutePath().normalize();
    }
}
