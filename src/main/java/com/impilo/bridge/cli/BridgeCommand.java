package com.impilo.bridge.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import com.impilo.bridge.BridgeRuntime;
import com.impilo.bridge.ImpiloBridge;
import com.impilo.bridge.api.ApiPreflight;
import com.impilo.bridge.ingest.reader.OrderFormats;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.BridgeSettings;
import com.impilo.bridge.settings.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of the standalone bridge: run continuously, or once; against Impilo or the sandbox. The
 * subcommands check files offline, replay dead letters, trace an order, ask Impilo for an order's status, move an
 * embedded store into PostgreSQL and warm a JVM up for a class-data archive.
 */
@Command(name = "impilo-order-bridge",
        subcommands = {ValidateCommand.class, ReplayCommand.class, TraceCommand.class, SandboxCommand.class,
            StatusCommand.class, MoveStoreCommand.class, InstancesCommand.class, WarmUpCommand.class},
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Turns partner order files dropped into <data>/inbox into Impilo v3 orders.",
            "Each file ends in done/ with a receipt; rejected orders in rejected/, undeliverable ones in undelivered/,"
                + " each with a .error.json saying why."},
        footer = {
            "",
            "Main settings (config/application.properties, --config FILE, environment variable, or -D):",
            "  impilo.api.url    IMPILO_API_URL    Impilo base URL (default https://app.impiloplatform.com)",
            "  impilo.api.key    IMPILO_API_KEY    API key (required unless --sandbox)",
            "  bridge.data.dir   BRIDGE_DATA_DIR   data folder (default ./data)",
            "  bridge.store.url  BRIDGE_STORE_URL  JDBC URL of the state store (default SQLite in <data>/state)",
            "  every other setting: config/application.properties and docs/configuration.md",
            "",
            "Exit codes: 0 all orders created; 2 configuration error; 3 some order or file rejected or undelivered"
                + " (with --once); 5 the API or a source could not be reached (with --once; files left in place);"
                + " 1 unexpected failure."})
public final class BridgeCommand implements Callable<Integer> {

    /** How often, with {@code --sandbox}, the simulator moves orders on and the feed polls. */
    private static final Duration SANDBOX_STEP = Duration.ofSeconds(5);
    /** The crosswalk of the sandbox's inbox, for the X12 sample's codes, when the bridge runs in the project folder. */
    static final Path SANDBOX_CROSSWALK = Path.of("config", "examples", "sandbox-crosswalk.csv");

    /** The API key of the sandbox: fixed and printed, so that {@code status} can ask the simulator too. */
    public static final String SANDBOX_API_KEY = "sandbox-key";

    /** Exit code when the configuration is wrong. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code of {@code --once} when any order or file was rejected or not delivered. */
    public static final int EXIT_NOT_ALL_DELIVERED = 3;
    /** Exit code of {@code --once} when the API or a source could not be reached; their files are left in place. */
    public static final int EXIT_UNREACHABLE = 5;

    private static final String PREFIX = "impilo-order-bridge: ";

    @Spec
    private CommandSpec spec;

    @Option(names = "--sandbox-port", paramLabel = "PORT", description = "Port of the simulator with --sandbox"
            + " (default: any free port).")
    private int sandboxPort;

    @Option(names = "--once", description = "Process what every source holds, then exit (0: all created, 3: some"
            + " rejected or undelivered, 5: the API or a source could not be reached).")
    private boolean once;

    @Mixin
    private DataFolderOptions dataFolder;

    // Only when the command owns its process (the jar's main): signals are the process's, not a host's or a test's.
    private final boolean ownsProcess;

    private BridgeCommand(boolean ownsProcess) {
        this.ownsProcess = ownsProcess;
    }

    /**
     * The jar's command line, with logging set up before the first logger exists.
     *
     * @param ownsProcess true for the jar's main: its console follows the bridge.log settings, and SIGTERM and Ctrl-C
     *                    stop the run cleanly, with exit code 0
     */
    public static CommandLine commandLine(boolean ownsProcess) {
        if (ownsProcess) {
            ConsoleLogging.configureEarly();
        }
        return new CommandLine(new BridgeCommand(ownsProcess));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Configuration configuration;
        BridgeSettings settings;
        try {
            // with --sandbox, checked first with the simulator's settings but not yet its port: nothing starts, and
            // nothing is printed but the mistakes, while the configuration is wrong
            configuration = dataFolder.config().load(flags("http://127.0.0.1:" + sandboxPort));
            settings = BridgeSettings.load(configuration, OrderFormats.names());
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, PREFIX, err);
        }
        if (ownsProcess) {
            // the console is the process's: a host or a test keeps its own logging
            ConsoleLogging.apply(settings.console());
        }
        try (ImpiloSandbox simulator = dataFolder.sandbox() ? startSandbox(out, settings) : null) {
            if (simulator != null) {
                configuration = dataFolder.config().load(flags(simulator.baseUrl()));
                settings = BridgeSettings.from(configuration, OrderFormats.names());
            }
            Integer stop = checkApi(settings, err);
            if (stop != null) {
                return stop;
            }
            BridgeRuntime runtime = new BridgeRuntime(configuration);
            if (ownsProcess) {
                Termination.onSignal(runtime::complete);
            }
            runtime.run();
            ImpiloBridge bridge = runtime.bridge();
            if (bridge == null) {
                return 0;
            }
            out.println(PREFIX + bridge.stats());
            out.println("  receipts: " + bridge.folders().done() + ", dead letters: " + bridge.folders().rejected()
                    + " and " + bridge.folders().undelivered());
            out.flush();
            if (once && bridge.stats().somethingNotReached()) {
                return EXIT_UNREACHABLE;
            }
            return once && !bridge.stats().allDelivered() ? EXIT_NOT_ALL_DELIVERED : 0;
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, PREFIX, err);
        }
    }

    /**
     * Before Camel starts: a URL that is not the Impilo API is a configuration error; with --once, so is a refused
     * key, and an API that cannot be reached ends the run with its own code, nothing taken. Running continuously, the
     * bridge starts and its pickup waits for the API. Returns the exit code when the run must not start.
     */
    private Integer checkApi(BridgeSettings settings, PrintWriter err) {
        BridgeSettings.Api api = settings.api();
        ApiPreflight.Result result = new ApiPreflight(api.url(), api.key(), api.connectTimeout(),
                ApiPreflight.answerTimeout(api.responseTimeout())).check();
        boolean configError = result.verdict() == ApiPreflight.Verdict.MISCONFIGURED
                || once && result.verdict() == ApiPreflight.Verdict.KEY_REFUSED;
        if (configError) {
            err.println(PREFIX + "configuration error: " + result.message());
            err.flush();
            return EXIT_CONFIG;
        }
        if (once && result.verdict() == ApiPreflight.Verdict.UNREACHABLE) {
            err.println(PREFIX + result.message() + "; nothing was taken, every file stays where it is");
            err.flush();
            return EXIT_UNREACHABLE;
        }
        return null;
    }

    // The settings that this command's options stand for.
    private Map<String, String> flags(String sandboxUrl) {
        Map<String, String> flags = dataFolder.flags();
        if (once) {
            flags.put("bridge.once", "true");
        }
        if (dataFolder.sandbox()) {
            flags.put("impilo.api.url", sandboxUrl);
            flags.put("impilo.api.key", SANDBOX_API_KEY);
            // the feed shows what becomes of the orders: on, polling often, while the simulator moves them along;
            // a -D setting still wins
            Map<String, String> given = dataFolder.config().properties();
            if (!given.containsKey("bridge.feed.enabled")) {
                flags.put("bridge.feed.enabled", "true");
            }
            if (!given.containsKey("bridge.feed.interval")) {
                flags.put("bridge.feed.interval", Long.toString(SANDBOX_STEP.toMillis()));
            }
            // the inbox takes the X12 sample too, with its crosswalk when run from the project folder
            if (!given.containsKey("bridge.sources.inbox.formats")) {
                flags.put("bridge.sources.inbox.formats", "json,ndjson,csv,x12");
            }
            if (!given.containsKey("bridge.sources.inbox.crosswalk") && Files.isRegularFile(SANDBOX_CROSSWALK)) {
                flags.put("bridge.sources.inbox.crosswalk", SANDBOX_CROSSWALK.toString());
            }
        }
        return flags;
    }

    private ImpiloSandbox startSandbox(PrintWriter out, BridgeSettings settings) {
        ImpiloSandbox simulator = ImpiloSandbox.start(sandboxPort, SANDBOX_API_KEY);
        SandboxOrderIds.continueAfterLedger(simulator, settings);
        if (!once) {
            simulator.lifecycle().startTimer(SANDBOX_STEP);
        }
        out.println("================================================================================");
        out.println(" SANDBOX MODE: orders go to the embedded Impilo simulator at " + simulator.baseUrl());
        out.println(" Nothing is sent to Impilo. The simulator forgets its orders when the bridge stops.");
        if (!once) {
            out.println(" Every " + SANDBOX_STEP.toSeconds() + " s the simulator moves each order one step on"
                    + " (placed, awaiting shipment, shipped, delivered); the feed writes each change to outbox/.");
            out.println(" Ask it about an order while it runs: java -jar impilo-order-bridge.jar status ORDER"
                    + " -Dimpilo.api.url=" + simulator.baseUrl() + " -Dimpilo.api.key=" + SANDBOX_API_KEY);
        }
        out.println(" Data folder: " + settings.dataDir().toAbsolutePath().normalize()
                + "  (trace and replay find it with --sandbox)");
        out.println("================================================================================");
        out.flush();
        return simulator;
    }
}
