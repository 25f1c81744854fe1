package com.impilo.bridge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.BridgeConfigException;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.outcome.AuditTrail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trace}: one order's story, or one file's, from the audit trail. */
@Command(name = "trace",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Prints every audit event of an order (by external order id, idempotency key or Impilo order"
                + " id) or of a file (by file name), oldest first: received, posted, retried, created, duplicate,"
                + " rejected, undelivered."},
        footer = {"", "Exit codes: 0 found; 4 nothing in the audit trail matches; 2 wrong configuration."})
public final class TraceCommand implements Callable<Integer> {

    /** Exit code when the audit trail knows nothing of what was asked. */
    public static final int EXIT_NOT_FOUND = 4;

    private static final ObjectMapper MAPPER = ImpiloJson.mapper();

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
        try {
            data = dataFolder.dataFolder();
        } catch (BridgeConfigException e) {
            e.problems().forEach(problem -> spec.commandLine().getErr()
                    .println("impilo-order-bridge trace: configuration error: " + problem));
            spec.commandLine().getErr().flush();
            return 2;
        }
        int found = 0;
        for (Path day : AuditTrail.files(data.resolve("audit"))) {
            try (BufferedReader lines = Files.newBufferedReader(day, StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode event = MAPPER.readTree(line);
                    if (matches(event)) {
                        out.println(describe(event));
                        found++;
                    }
                }
            }
        }
        if (found == 0) {
            out.println("nothing in the audit trail of " + data.toAbsolutePath() + " matches \"" + wanted + "\"");
        }
        out.flush();
        return found == 0 ? EXIT_NOT_FOUND : 0;
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
        StringBuilder line = new StringBuilder(String.format("%-27s %-11s %s %s %s key=%s",
                event.path("time").asText(), event.path("event").asText(), event.path("source").asText(),
                event.path("file").asText(), event.path("position").asText(), event.path("key").asText()));
        append(line, "attempt", event.path("attempt"));
        append(line, "HTTP", event.path("httpStatus"));
        append(line, "impiloOrderId", event.path("impiloOrderId"));
        if (event.hasNonNull("reason")) {
            line.append(" - ").append(event.get("reason").asText());
        }
        return line.toString();
    }

    private static void append(StringBuilder line, String label, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            line.append(' ').append(label).append('=').append(value.asText());
        }
    }
}
