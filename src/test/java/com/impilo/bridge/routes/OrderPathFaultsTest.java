package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.ImpiloBridge;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.Orders;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure at any step of a file's and its orders' way ends in an outcome, and a {@code --once} run still ends
 * (issue 14, item 3): an exception, and an Error, is injected before each processing step of the pickup and order
 * routes in turn; every time, each order of the file is created, rejected or undelivered, or the whole file is
 * dead-lettered, none is left in flight, and the run drains.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderPathFaultsTest {

    private static final List<String> ROUTES = List.of("pickup-inbox", "order-process", "order-sequence",
            "order-deliver");
    private static final String FILE = "three.ndjson";

    @TempDir
    static Path work;

    private ImpiloSandbox sandbox;
    private int run;

    @BeforeAll
    void startSandbox() {
        sandbox = ImpiloSandbox.start(0, "faults-key");
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    @TestFactory
    Stream<DynamicTest> a_failure_at_any_step_ends_every_order_with_an_outcome() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String route : ROUTES) {
            int steps = stepsOf(route);
            for (int step = 0; step < steps; step++) {
                int at = step;
                tests.add(DynamicTest.dynamicTest(route + " step " + at + ": exception",
                        () -> injectAndRun(route, at, false)));
                tests.add(DynamicTest.dynamicTest(route + " step " + at + ": error",
                        () -> injectAndRun(route, at, true)));
            }
        }
        assertThat(tests).as("steps found in the routes").hasSizeGreaterThan(20);
        return tests.stream();
    }

    private int stepsOf(String route) throws Exception {
        Path data = work.resolve("count");
        try (DefaultCamelContext context = bridgeContext(data, () -> { })) {
            RouteDefinition definition = ((ModelCamelContext) context).getRouteDefinition(route);
            return ProcessorDefinitionHelper.filterTypeInOutputs(definition.getOutputs(), ProcessDefinition.class)
                    .size();
        }
    }

    private void injectAndRun(String route, int step, boolean error) throws Exception {
        Path data = work.resolve("run-" + (++run));
        CountDownLatch drained = new CountDownLatch(1);
        try (DefaultCamelContext context = bridgeContext(data, drained::countDown)) {
            String where = route + " step " + step;
            AdviceWith.adviceWith(context, route, advice -> advice.weaveByType(ProcessDefinition.class)
                    .selectIndex(step).before().process(exchange -> {
                        if (exchange.getMessage().getBody() == null) {
                            // the empty message of an idle --once poll carries no file: its step only says so
                            return;
                        }
                        if (error) {
                            throw new AssertionError("injected error at " + where);
                        }
                        throw new IllegalStateException("injected failure at " + where);
                    }));
            Files.createDirectories(data.resolve("inbox"));
            Files.writeString(data.resolve("inbox").resolve(FILE), Orders.line("o-" + run + "-1", 1) + "\n"
                    + Orders.line("o-" + run + "-2", 2) + "\n" + Orders.line("o-" + run + "-3", 3) + "\n");
            context.start();

            assertThat(drained.await(15, TimeUnit.SECONDS)).as("the --once run drains").isTrue();
            assertAccountedFor(data, ImpiloBridge.class.cast(context.getRegistry()
                    .lookupByNameAndType("impilo-bridge", ImpiloBridge.class)));
        }
    }

    private static void assertAccountedFor(Path data, ImpiloBridge bridge) throws IOException {
        assertThat(data.resolve("inbox").resolve(FILE)).as("the file is not left in the inbox").doesNotExist();
        Path receipt = data.resolve("done").resolve(FILE + ".receipt.json");
        if (Files.exists(receipt)) {
            JsonNode orders = BridgeHarness.readJson(receipt).path("orders");
            assertThat(orders).hasSize(3);
            orders.forEach(order -> assertThat(order.path("outcome").asText())
                    .isIn("created", "duplicate", "rejected", "undelivered"));
        } else {
            Path undelivered = data.resolve("undelivered").resolve(FILE + ".error.json");
            assertThat(undelivered).as("the whole file is dead-lettered when it has no receipt").exists();
            assertThat(BridgeHarness.readJson(undelivered).path("reason").asText()).contains("injected");
        }
        if (bridge != null) {
            assertThat(bridge.ledger().all()).noneMatch(entry -> entry.state() == LedgerEntry.State.IN_FLIGHT);
        }
    }

    private DefaultCamelContext bridgeContext(Path data, Runnable onDrained) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties settings = new Properties();
        BridgeHarness.testSettings(data, sandbox.baseUrl(), "faults-key").forEach(settings::setProperty);
        settings.setProperty("bridge.once", "true");
        settings.setProperty("bridge.retry.max-redeliveries", "1");
        context.getPropertiesComponent().setOverrideProperties(settings);
        try {
            context.getRegistry().bind("impilo-bridge", ImpiloBridge.install(context, onDrained));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return context;
    }
}
