package com.impilo.bridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.impilo.bridge.BridgeConfigException;
import com.impilo.bridge.BridgeRuntime;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of the standalone bridge: run continuously, or once; against Impilo or the sandbox. The
 * {@code validate} subcommand checks files offline instead.
 */
@Command(name = "impilo-order-bridge",
        subcommands = {ValidateCommand.class, ReplayCommand.class, TraceCommand.class, SandboxCommand.class},
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Turns partner order files dropped into <data>/inbox into Impilo v3 orders.",
            "Each file ends in done/ with a receipt; rejected orders in rejected/, undeliverable ones in undelivered/,"
                + " each with a .error.json saying why."},
        footer = {
            "",
            "Main properties (set in config/application.properties, by environment variable, or with -D):",
            "  impilo.api.url    IMPILO_API_URL    Impilo base URL (default https://app.impiloplatform.com)",
            "  impilo.api.key    IMPILO_API_KEY    API key (required unless --sandbox)",
            "  bridge.data.dir   BRIDGE_DATA_DIR   data folder (default ./data)",
            "  bridge.store.url  BRIDGE_STORE_URL  JDBC URL of the state store (default SQLite in <data>/state)",
            "  bridge.retry.max-redeliveries, bridge.pickup.min-age, ...: see README.md",
            "",
            "Exit codes: 0 all orders created; 2 configuration error; 3 some order or file rejected or undelivered"
                + " (with --once); 1 unexpected failure."})
public final class BridgeCommand implements Callable<Integer> {

    /**
     * The sandbox's own data folder: its ledger must never mix with a real one, or sandbox orders would later be
     * skipped as duplicates of orders that Impilo never saw.
     */
    public static final String SANDBOX_DATA_DIR = "sandbox-data";

    /** Exit code when the configuration is wrong. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code of {@code --once} when any order or file was rejected or not delivered. */
    public static final int EXIT_NOT_ALL_DELIVERED = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--sandbox", description = "Start the embedded Impilo simulator on loopback and send orders there"
            + " instead of to Impilo (no API key needed).")
    private boolean sandbox;

    @Option(names = "--sandbox-port", paramLabel = "PORT", description = "Port of the simulator with --sandbox"
            + " (default: any free port).")
    private int sandboxPort;

    @Option(names = "--once", description = "Process what every source holds, then exit (0: all created, 3: some"
            + " rejected or undelivered).")
    private boolean once;

    @Option(names = "--config", paramLabel = "FILE", description = "Extra properties file, overriding"
            + " config/application.properties.")
    private Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (bridge.data.dir; with --sandbox the"
            + " default is ./" + SANDBOX_DATA_DIR + ").")
    private Path dataDir;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Set any property, e.g. -Dbridge.pickup.min-age=0.")
    private Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> overrides = new LinkedHashMap<>(properties);
        if (dataDir != null) {
            overrides.put("bridge.data.dir", dataDir.toString());
        } else if (sandbox) {
            overrides.putIfAbsent("bridge.data.dir", SANDBOX_DATA_DIR);
        }
        if (once) {
            overrides.put("bridge.once", "true");
        }
        try (ImpiloSandbox simulator = sandbox ? startSandbox(out, overrides) : null) {
            BridgeRuntime runtime = new BridgeRuntime(configFile, overrides);
            runtime.run();
            if (!once || runtime.bridge() == null) {
                return 0;
            }
            out.println("impilo-order-bridge: " + runtime.bridge().stats());
            out.println("  receipts: " + runtime.bridge().folders().done() + ", dead letters: "
                    + runtime.bridge().folders().rejected() + " and " + runtime.bridge().folders().undelivered());
            out.flush();
            return runtime.bridge().stats().allDelivered() ? 0 : EXIT_NOT_ALL_DELIVERED;
        } catch (BridgeConfigException e) {
            for (String problem : e.problems()) {
                err.println("impilo-order-bridge: configuration error: " + problem);
            }
            err.flush();
            return EXIT_CONFIG;
        }
    }

    private ImpiloSandbox startSandbox(PrintWriter out, Map<String, String> overrides) {
        ImpiloSandbox simulator = ImpiloSandbox.start(sandboxPort, "sandbox-" + UUID.randomUUID());
        overrides.put("impilo.api.url", simulator.baseUrl());
        overrides.put("impilo.api.key", simulator.apiKey());
        out.println("================================================================================");
        out.println(" SANDBOX MODE: orders go to the embedded Impilo simulator at " + simulator.baseUrl());
        out.println(" Nothing is sent to Impilo. The simulator forgets its orders when the bridge stops.");
        out.println(" Data folder: " + Path.of(overrides.get("bridge.data.dir")).toAbsolutePath().normalize());
        out.println("================================================================================");
        out.flush();
        return simulator;
    }
}
