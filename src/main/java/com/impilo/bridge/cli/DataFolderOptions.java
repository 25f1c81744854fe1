package com.impilo.bridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.Configuration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the data folder is, found the same way by every command as by the run: {@code --data-dir}, else
 * {@code ./sandbox-data} for {@code --sandbox}, else {@code bridge.data.dir} of the configuration.
 */
final class DataFolderOptions {

    /**
     * The sandbox's own data folder: its ledger must never mix with a real one, or sandbox orders would later be
     * skipped as duplicates of orders that Impilo never saw.
     */
    static final String SANDBOX_DATA_DIR = "sandbox-data";

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (bridge.data.dir; default ./data,"
            + " with --sandbox ./" + SANDBOX_DATA_DIR + ").")
    private Path dataDir;

    @Option(names = "--sandbox", description = "The embedded Impilo simulator instead of Impilo, with its own data"
            + " folder ./" + SANDBOX_DATA_DIR + ".")
    private boolean sandbox;

    @Mixin
    private ConfigOptions config;

    boolean sandbox() {
        return sandbox;
    }

    ConfigOptions config() {
        return config;
    }

    /** The settings these options stand for: the data folder when an option names it. */
    Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        if (dataDir != null) {
            flags.put("bridge.data.dir", dataDir.toString());
        } else if (sandbox && !config.properties().containsKey("bridge.data.dir")) {
            flags.put("bridge.data.dir", SANDBOX_DATA_DIR);
        }
        return flags;
    }

    /** The configuration with these options applied. */
    Configuration load() throws BridgeConfigException {
        return config.load(flags());
    }

    /** The configuration with these options applied, its keys checked. */
    Configuration loadChecked() throws BridgeConfigException {
        return config.loadChecked(flags());
    }

    /** The data folder of a configuration these options loaded. */
    static Path dataFolder(Configuration configuration) {
        return Path.of(configuration.get("bridge.data.dir").map(String::trim).filter(dir -> !dir.isEmpty())
                .orElse("./data"));
    }

    /**
     * The data folder of an earlier run, for commands that read it: a folder that does not exist is a mistake, said
     * with where the setting came from, and never created.
     */
    Path existingDataFolder(Configuration configuration) throws BridgeConfigException {
        Path folder = dataFolder(configuration);
        if (Files.isDirectory(folder)) {
            return folder;
        }
        String hint = !sandbox && dataDir == null && Files.isDirectory(Path.of(SANDBOX_DATA_DIR))
                ? " (a --sandbox run keeps its data in ./" + SANDBOX_DATA_DIR + ": add --sandbox)"
                : " (--data-dir DIR names another)";
        throw new BridgeConfigException(List.of("there is no data folder " + folder.toAbsolutePath()
                .normalize() + configuration.userOrigin("bridge.data.dir").map(o -> ", set by " + o).orElse("")
                + hint));
    }
}
