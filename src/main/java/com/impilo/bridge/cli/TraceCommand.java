package com.impilo.bridge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.store.AuditEvents;
import com.impilo.bridge.store.InstanceMembership;
import com.impilo.bridge.store.Instances;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.text.LogText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trace}: one order's story, or one file's, from the audit trail, with why it stopped and where it is now. */
@Command(name = "trace",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Prints every audit event of an order (by external order id, idempotency key or Impilo order"
                + " id) or of a file (by file name), oldest first: received, posted, retried, created, duplicate,"
                + " rejected, undelivered, replayed. A dead-lettered order shows each problem and its dead letter.",
            "With a shared state store (bridge.store.url), the events of every instance sharing it, each naming its"
                + " instance."},
        footer = {"", "Exit codes: 0 found; 4 nothing in the audit trail matches; 2 wrong configuration or no such"
                + " data folder."})
public final class TraceCommand implements Callable<Integer> {

    /** Exit code when the audit trail knows nothing of what was asked. */
    public static final int EXIT_NOT_FOUND = 4;

    private static final ObjectMapper MAPPER = ImpiloJson.mapper();
    private static final String REPLAYED_FROM = "replayed from ";
    private static final String INDENT = "    ";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID-OR-FILE", description = "An external order id, idempotency key, Impilo order id or"
            + " file name.")
    private String wanted;

    @Mixin
    private DataFolderOptions dataFolder;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path data;
        Configuration configuration;
        try {
            configuration = dataFolder.loadChecked();
            data = dataFolder.existingDataFolder(configuration);
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, "impilo-order-bridge trace: ", spec.commandLine().getErr());
        }
        Optional<String> url = SharedStore.url(configuration);
        boolean shared = url.isPresent();
        Map<String, Instances.Instance> instances = new HashMap<>();
        List<JsonNode> events;
        if (shared) {
            try {
                events = sharedEvents(configuration, url.get(), data, instances);
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("impilo-order-bridge trace: cannot read the state store: "
                        + LogText.of(e.getMessage()));
                spec.commandLine().getErr().flush();
                return 1;
            }
        } else {
            events = matchingEvents(data);
        }
        // where each replayed dead letter's error file was kept, by the dead letter's old place
        Map<String, String> keptErrorFiles = new HashMap<>();
        for (JsonNode event : events) {
            String reason = event.path("reason").asText();
            if ("replayed".equals(event.path("event").asText()) && reason.startsWith(REPLAYED_FROM)) {
                keptErrorFiles.put(reason.substring(REPLAYED_FROM.length()), event.path("errorFile").asText());
            }
        }
        for (JsonNode event : events) {
            out.println(describe(event));
            String kind = event.path("event").asText();
            if (("rejected".equals(kind) || "undelivered".equals(kind)) && event.hasNonNull("deadLetter")) {
                Instances.Instance elsewhere = instances.get(event.path("instance").asText());
                if (elsewhere != null && !(elsewhere.host().equals(InstanceMembership.hostName())
                        && Path.of(elsewhere.dataDir()).equals(data.toAbsolutePath().normalize()))) {
                    out.println(INDENT + "dead letter " + event.get("deadLetter").asText() + " is in the data folder"
                            + " of instance " + elsewhere.name() + ": " + elsewhere.dataDir() + " on host "
                            + elsewhere.host() + " (trace or replay it there)");
                } else {
                    deadLetter(out, data, event.get("deadLetter").asText(), keptErrorFiles);
                }
            }
        }
        if (events.isEmpty()) {
            out.println("nothing in the audit trail of " + (shared ? "the instances sharing the state store"
                    : data.toAbsolutePath().normalize()) + " matches \"" + wanted + "\"");
        }
        out.flush();
        return events.isEmpty() ? EXIT_NOT_FOUND : 0;
    }

    // Every instance's events, from the store they share; the instances by name, for where their dead letters are.
    private List<JsonNode> sharedEvents(Configuration configuration, String url, Path data,
                                        Map<String, Instances.Instance> instances) throws IOException {
        StateStore store = SharedStore.attach(configuration, url);
        try {
            new Instances(store.dataSource(), "", Clock.systemUTC()).all()
                    .forEach(instance -> instances.put(instance.name(), instance));
            AuditEvents stored = new AuditEvents(store.dataSource(), "", 0);
            List<JsonNode> events = new ArrayList<>();
            addWanted(events, stored.mayConcern(wanted), this::matches);
            for (String key : keysOfImpiloOrder(events)) {
                addWanted(events, stored.mayConcern(key),
                        event -> key.equals(event.path("key").asText()) && !events.contains(event));
            }
            // this instance's own files too: an event the store could not take is still there
            for (JsonNode local : matchingEvents(data)) {
                if (!events.contains(local)) {
                    events.add(local);
                }
            }
            events.sort(Comparator.comparing(event -> Instant.parse(event.path("time").asText())));
            return events;
        } finally {
            store.stop();
        }
    }

    // Adds the lines' events that are wanted.
    private static void addWanted(List<JsonNode> events, List<String> lines, Predicate<JsonNode> wanted)
            throws IOException {
        for (String line : lines) {
            JsonNode event = MAPPER.readTree(line);
            if (wanted.test(event)) {
                events.add(event);
            }
        }
    }

    private List<JsonNode> matchingEvents(Path data) throws IOException {
        List<JsonNode> events = eventsOf(data, this::matches);
        Set<String> keys = keysOfImpiloOrder(events);
        if (keys.isEmpty()) {
            return events;
        }
        // read again for the order's events before it had its Impilo id: received, validated, posted, ...
        return eventsOf(data, event -> matches(event) || keys.contains(event.path("key").asText()));
    }

    private static List<JsonNode> eventsOf(Path data, Predicate<JsonNode> wanted) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Path day : AuditTrail.files(data.resolve("audit"))) {
            try (BufferedReader lines = Files.newBufferedReader(day, StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode event = MAPPER.readTree(line);
                    if (wanted.test(event)) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }

    // Asked for an Impilo order id: the keys of the orders that got it, whose earlier events carry no id yet.
    private Set<String> keysOfImpiloOrder(List<JsonNode> events) {
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode event : events) {
            String key = event.path("key").asText();
            if (wanted.equals(event.path("impiloOrderId").asText()) && !key.isEmpty() && !key.equals(wanted)) {
                keys.add(key);
            }
        }
        return keys;
    }

    // The problems as the error file states them, and where the order is: still a dead letter, or replayed.
    private static void deadLetter(PrintWriter out, Path data, String deadLetter, Map<String, String> keptErrorFiles)
            throws IOException {
        Path errorFile = data.resolve(deadLetter + ".error.json");
        String replayedErrorFile = keptErrorFiles.get(deadLetter);
        if (!Files.isRegularFile(errorFile) && replayedErrorFile != null) {
            errorFile = data.resolve(replayedErrorFile);
        }
        if (Files.isRegularFile(errorFile)) {
            JsonNode error = MAPPER.readTree(errorFile.toFile());
            for (JsonNode violation : error.path("violations")) {
                out.println(INDENT + violation.asText());
            }
            if (error.hasNonNull("apiResponse")) {
                out.println(INDENT + "the API answered: " + oneLine(error.get("apiResponse").asText()));
            }
        }
        if (Files.isRegularFile(data.resolve(deadLetter))) {
            out.println(INDENT + "dead letter: " + data.resolve(deadLetter) + "  (why: " + errorFile + ")");
        } else if (replayedErrorFile != null) {
            out.println(INDENT + "dead letter " + data.resolve(deadLetter) + " was replayed; its error file is kept as "
                    + errorFile);
        } else {
            out.println(INDENT + "dead letter " + data.resolve(deadLetter) + " is no longer there");
        }
    }

    private boolean matches(JsonNode event) {
        if (wanted.equals(event.path("key").asText()) || wanted.equals(event.path("file").asText())
                || wanted.equals(event.path("impiloOrderId").asText())) {
            return true;
        }
        for (JsonNode id : event.path("externalOrderIds")) {
            if (wanted.equals(id.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode event) {
        StringBuilder line = new StringBuilder(String.format("%-27s %-11s %s", event.path("time").asText(),
                event.path("event").asText(), event.path("source").asText()));
        // an order's events have a file, a position and a key; the feed's status changes have none of them
        for (String field : List.of("file", "position")) {
            if (!event.path(field).asText().isEmpty()) {
                line.append(' ').append(event.path(field).asText());
            }
        }
        if (!event.path("key").asText().isEmpty()) {
            line.append(" key=").append(event.path("key").asText());
        }
        append(line, "attempt", event.path("attempt"));
        append(line, "HTTP", event.path("httpStatus"));
        append(line, "impiloOrderId", event.path("impiloOrderId"));
        if ("status-changed".equals(event.path("event").asText())) {
            append(line, "status", event.path("outcome"));
        }
        append(line, "instance", event.path("instance"));
        if (event.hasNonNull("reason")) {
            line.append(" - ").append(event.get("reason").asText());
        }
        if ("replayed".equals(event.path("event").asText()) && event.hasNonNull("deadLetter")) {
            line.append(" -> ").append(event.get("deadLetter").asText());
        }
        return line.toString();
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static void append(StringBuilder line, String label, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            line.append(' ').append(label).append('=').append(value.asText());
        }
    }
}
