package com.impilo.bridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.impilo.bridge.BridgeRuntime;
import com.impilo.bridge.ImpiloBridge;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.sandbox.SampleBatch;
import com.impilo.bridge.settings.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code warm-up}: a small batch of every format through the whole bridge against the embedded sandbox, in a
 * temporary folder, so that a JVM started with {@code -XX:ArchiveClassesAtExit} writes a class-data archive of
 * everything a run loads. The run reads no configuration file, environment variable or system property, and logs in
 * the jar's own format whatever the host's logback file says: it never reaches a partner's folder, a shared store,
 * user routes, the host's logs or Impilo, whatever the host is set up for.
 */
@Command(name = "warm-up",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs a small batch of JSON, NDJSON, CSV and X12 orders through the bridge against its embedded sandbox, in a"
                + " temporary folder that it removes, and exits (0: every order created). It reads no configuration.",
            "Run it as java -XX:ArchiveClassesAtExit=FILE -jar impilo-order-bridge.jar warm-up, with the service's other"
                + " JVM options, to write a class-data archive; start the bridge with -XX:SharedArchiveFile=FILE to"
                + " start quicker and spend less CPU (docs/operating.md, \"A class-data archive\")."})
public final class WarmUpCommand implements Callable<Integer> {

    static final String ARCHIVE_OPTION = "-XX:ArchiveClassesAtExit=";
    private static final String KEY = "warm-up-key";
    private static final String PREFIX = "warm-up-";
    // enough of each format for its whole path to run (and be loaded) several times; a few seconds in all
    private static final int FILES = 20;
    private static final int LINES = 400;
    private static final int ROWS = 100;
    private static final int INTERCHANGE = 20;
    private static final int ORDERS = FILES + LINES + ROWS + INTERCHANGE;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path folder = Files.createTempDirectory("impilo-bridge-warm-up-");
        String summary;
        boolean allCreated;
        ConsoleLogging.ownConsoleWarningsOnly();
        try (ImpiloSandbox sandbox = ImpiloSandbox.start(0, KEY)) {
            Path inbox = folder.resolve("data").resolve("inbox");
            SampleBatch.singleOrderFiles(inbox, PREFIX + "file-", FILES);
            SampleBatch.ndjson(inbox.resolve("orders.ndjson"), PREFIX + "line-", LINES);
            SampleBatch.csv(inbox.resolve("orders.csv"), PREFIX + "row-", ROWS);
            SampleBatch.x12(inbox.resolve("orders.x12"), PREFIX + "x12-", INTERCHANGE);
            Path crosswalk = folder.resolve("crosswalk.csv");
            SampleBatch.crosswalk(crosswalk);
            // older than the pickup's min-age, as a partner's files are by the time they are taken: no read-lock wait
            try (Stream<Path> files = Files.list(inbox)) {
                FileTime aMinuteAgo = FileTime.from(Instant.now().minusSeconds(60));
                for (Path file : files.toList()) {
                    Files.setLastModifiedTime(file, aMinuteAgo);
                }
            }
            // the defaults and these settings only: an empty environment, no system properties, no config file
            Configuration configuration = Configuration.load(null, Map.of(
                    "impilo.api.url", sandbox.baseUrl(),
                    "impilo.api.key", KEY,
                    "bridge.data.dir", folder.resolve("data").toString(),
                    "bridge.once", "true",
                    "bridge.pickup.initial-delay", "0",
                    "bridge.sources.inbox.formats", "json,ndjson,csv,x12",
                    "bridge.sources.inbox.crosswalk", crosswalk.toString(),
                    "bridge.feed.enabled", "true",
                    "bridge.user-routes.dir", folder.resolve("no-routes").toString()),
                    Map.of(), new Properties(), folder.resolve("no-config.properties"));
            BridgeRuntime runtime = new BridgeRuntime(configuration);
            runtime.run();
            ImpiloBridge bridge = runtime.bridge();
            summary = bridge.stats().toString();
            // every order created, not merely none failed: a run that took no file would archive too little
            allCreated = bridge.stats().created() == ORDERS && bridge.stats().allDelivered()
                    && !bridge.stats().somethingNotReached();
        } finally {
            deleteTree(folder, spec.commandLine().getErr());
        }
        out.printf("impilo-order-bridge warm-up: %s, in %.1f s%n", summary, (System.nanoTime() - started) / 1e9);
        out.println(archive().map(file -> "  class-data archive: " + file + " is written as this JVM exits; start the"
                + " bridge with -XX:SharedArchiveFile=" + file + " and the same JVM options")
                .orElse("  no class-data archive asked for: run it as java -XX:ArchiveClassesAtExit=FILE -jar"
                        + " impilo-order-bridge.jar warm-up (docs/operating.md)"));
        out.flush();
        return allCreated ? 0 : 1;
    }

    // The archive this JVM writes when it exits, if it was asked for one.
    private static Optional<String> archive() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith(ARCHIVE_OPTION))
                .map(argument -> argument.substring(ARCHIVE_OPTION.length()))
                .reduce((first, last) -> last);
    }

    // A folder that cannot be removed is said, not thrown: the run's own outcome (or failure) is what counts.
    private static void deleteTree(Path folder, PrintWriter err) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("impilo-order-bridge warm-up: could not remove its folder " + folder + ": " + e.getMessage());
            err.flush();
        }
    }
}
