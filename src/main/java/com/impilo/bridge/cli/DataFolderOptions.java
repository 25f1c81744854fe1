package com.impilo.bridge.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.impilo.bridge.BridgeConfigException;
import picocli.CommandLine.Option;

/** The options of the offline commands that work on a data folder: where it is, as for running the bridge. */
final class DataFolderOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default: bridge.data.dir).")
    private Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Extra properties file, as for running the bridge.")
    private Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Set any property.")
    private Map<String, String> properties = new LinkedHashMap<>();

    /** The data folder: --data-dir, else bridge.data.dir from the configuration, else ./data. */
    Path dataFolder() throws BridgeConfigException {
        return dataDir != null ? dataDir
                : Path.of(OfflineProperties.load(configFile, properties).get("bridge.data.dir").orElse("./data"));
    }
}
