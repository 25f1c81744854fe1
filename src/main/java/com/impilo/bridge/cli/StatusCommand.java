package com.impilo.bridge.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.BridgeRuntime;
import com.impilo.bridge.settings.BridgeSettings;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ListOrdersQuery;
import com.impilo.bridge.feed.FeedOrder;
import com.impilo.bridge.feed.FeedPages;
import com.impilo.bridge.store.IdempotencyKeys;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code status}: one order's current status, tracking numbers and events, asked of the configured Impilo API. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Prints an order's current status, tracking numbers and events, as the configured Impilo API"
                + " (impilo.api.url, impilo.api.key) knows it now.",
            "A number is looked up as an Impilo order id first, then as an external order id; anything else as an"
                + " external order id (every order carrying it is printed)."},
        footer = {"", "Exit codes: 0 found; 4 no such order; 2 configuration error; 1 the API could not be asked."})
public final class StatusCommand implements Callable<Integer> {

    /** Exit code when no order has this id. */
    public static final int EXIT_NOT_FOUND = 4;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ORDER", description = "Impilo order id or external order id.")
    private String order;

    /** How to get a key for this command: a --sandbox run prints its URL and key. */
    private static final String HINT = " (for a --sandbox run: -Dimpilo.api.url=<URL from its banner> -Dimpilo.api.key="
            + BridgeCommand.SANDBOX_API_KEY + ")";

    @Mixin
    private ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Configuration configuration;
        try {
            configuration = config.load(Map.of());
            List<String> problems = new ArrayList<>(BridgeSettings.keyProblems(configuration));
            try {
                BridgeSettings.apiUrl(configuration, HINT);
            } catch (BridgeConfigException e) {
                problems.addAll(e.problems());
            }
            if (!problems.isEmpty()) {
                throw new BridgeConfigException(problems.stream().distinct().toList());
            }
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, "impilo-order-bridge status: ", err);
        }
        // the answer is what this command prints; Camel's start-up lines would bury it
        Runnable camelLogBack = ConsoleLogging.quietCamel();
        BridgeRuntime runtime = BridgeRuntime.apiClient(configuration);
        try {
            runtime.start();
            List<FeedOrder> found = find(runtime.camelContext().createProducerTemplate());
            if (found.isEmpty()) {
                err.println("impilo-order-bridge: no order with Impilo id or external order id \"" + order + "\"");
                return EXIT_NOT_FOUND;
            }
            found.forEach(match -> out.print(describe(match)));
            return 0;
        } catch (CamelExecutionException e) {
            err.println("impilo-order-bridge: cannot ask the Impilo API: " + reason(e.getCause()));
            return 1;
        } finally {
            out.flush();
            err.flush();
            runtime.stop();
            camelLogBack.run();
        }
    }

    private List<FeedOrder> find(ProducerTemplate api) {
        if (order.matches("\\d{1,18}")) {
            Optional<FeedOrder> byId = byImpiloId(api, Long.parseLong(order));
            if (byId.isPresent()) {
                return List.of(byId.get());
            }
        }
        String page = api.requestBody(ImpiloApiRoutes.LIST_ORDERS, ListOrdersQuery.byExternalOrderId(order),
                String.class);
        return FeedPages.read(page).orders();
    }

    private static Optional<FeedOrder> byImpiloId(ProducerTemplate api, long id) {
        try {
            return Optional.ofNullable(FeedPages.order(api.requestBody(ImpiloApiRoutes.GET_ORDER, id, String.class)));
        } catch (CamelExecutionException e) {
            if (ApiFailures.status(e.getCause()) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The lines printed for one order. */
    static String describe(FeedOrder order) {
        JsonNode tree = order.tree();
        StringBuilder text = new StringBuilder("Impilo order ").append(order.id()).append('\n');
        // the partner's ids: the bridge's own stamp is not theirs
        line(text, "external order ids", List.of(String.join(", ", IdempotencyKeys.partnerIds(order.externalOrderIds()))));
        line(text, "status", List.of(order.currentStatus() == null ? "" : order.currentStatus()));
        List<String> tracking = new ArrayList<>();
        tree.path("trackingNumbers").forEach(number -> tracking.add(
                (number.path("carrier").asText("") + " " + number.path("value").asText("")).trim()));
        line(text, "tracking numbers", tracking);
        List<String> events = new ArrayList<>();
        tree.path("orderEvents").forEach(event -> events.add(
                (event.path("eventTimestamp").asText("") + "  " + event.path("name").asText("")).trim()));
        line(text, "events", events);
        return text.toString();
    }

    private static void line(StringBuilder text, String label, List<String> values) {
        List<String> shown = values.stream().filter(value -> !value.isEmpty()).toList();
        String indent = "  " + " ".repeat(20);
        text.append(String.format("  %-20s", label + ":")).append(shown.isEmpty() ? "(none)" : shown.get(0))
                .append('\n');
        shown.stream().skip(1).forEach(value -> text.append(indent).append(value).append('\n'));
    }

    private static String reason(Throwable failure) {
        int status = ApiFailures.status(failure);
        if (ApiFailures.isAuthFailure(failure)) {
            return "it refused the API key (HTTP " + status + "): check impilo.api.key";
        }
        if (status != 0) {
            return "it answered HTTP " + status;
        }
        return ApiFailures.describe(failure);
    }
}
