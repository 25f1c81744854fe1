package com.impilo.bridge;

import java.nio.file.Files;
import java.nio.file.Path;

import com.impilo.bridge.cli.BridgeCommand;
import picocli.CommandLine;

/** Entry point of the runnable jar: sets up logging and hands the command line to {@link BridgeCommand}. */
public final class OrderBridgeApplication {

    private OrderBridgeApplication() {
    }

    public static void main(String[] args) {
        // Before the first logger exists: config/logback.xml beside the jar wins over the one shipped inside it;
        // BRIDGE_LOG_FORMAT=json (or -Dbridge.log.format=json) picks the JSON-lines variant for log shippers.
        if (System.getProperty("logback.configurationFile") == null) {
            String format = System.getProperty("bridge.log.format", System.getenv().getOrDefault("BRIDGE_LOG_FORMAT", ""));
            String name = "json".equalsIgnoreCase(format) ? "logback-json.xml" : "logback.xml";
            Path local = Path.of("config", name);
            System.setProperty("logback.configurationFile",
                    Files.isRegularFile(local) ? local.toString() : "impilo-order-bridge/" + name);
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return new CommandLine(new BridgeCommand()).execute(args);
    }
}
