package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.line;
import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The API key: refused keys dead-letter nothing as the order's fault, and the key never reaches the log. */
class ApiKeyTest {

    @TempDir
    Path data;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void captureLog() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        root.detachAppender(log);
    }

    @Test
    void sends_orders_to_undelivered_without_retries_when_the_api_refuses_the_key() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("impilo.api.key", "expired-key-4711"))) {
            bridge.drop("keyless.json", patientOrder("k-401"));

            JsonNode receipt = bridge.awaitReceipt("keyless.json");

            assertThat(receipt.at("/orders/0/outcome").asText()).isEqualTo("undelivered");
            assertThat(receipt.at("/orders/0/httpStatus").asInt()).isEqualTo(401);
            assertThat(receipt.at("/orders/0/reason").asText()).contains("refused the API key").contains("impilo.api.key");
            assertThat(bridge.sandbox().createRequests()).as("a refused key is not retried").isEqualTo(1);
            assertThat(bridge.ledger().find("k-401")).get().extracting(LedgerEntry::state)
                    .isEqualTo(LedgerEntry.State.UNDELIVERED);
            assertThat(logText()).doesNotContain("expired-key-4711");
        }
    }

    @Test
    void never_logs_the_api_key_whatever_happens() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            bridge.sandbox().faults().failNext(4, 503);
            bridge.drop("a.json", patientOrder("log-1"));
            bridge.drop("b.ndjson", line("log-2", 666) + "\n{bad\n" + line("log-3", 1) + "\n");
            bridge.awaitReceipt("a.json");
            bridge.awaitReceipt("b.ndjson");

            assertThat(log.list).as("the run was logged").hasSizeGreaterThan(10);
            assertThat(logText()).contains("order created").doesNotContain(bridge.apiKey());
        }
    }

    private String logText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : log.list) {
            text.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        return text.toString();
    }
}
