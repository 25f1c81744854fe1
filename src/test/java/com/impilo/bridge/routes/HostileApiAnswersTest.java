package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.sandbox.SandboxFaults.HostileBody;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or broken API cannot hang the bridge or fill its memory (issue 14, item 3): any answer is read up to a
 * bound, compressed and inflated bytes alike, and what goes beyond is cut with a note. The order still gets its
 * outcome, and the next order is created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileApiAnswersTest {

    private static final int ERROR_ANSWER_LIMIT = 64 * 1024;

    @TempDir
    static Path data;

    private BridgeHarness bridge;

    @BeforeAll
    void start() throws Exception {
        bridge = BridgeHarness.start(data, Map.of("bridge.http.max-concurrency", "1"));
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    @Test
    void a_gzip_bomb_refusal_is_cut_and_the_order_rejected_with_the_start_of_the_answer() throws Exception {
        bridge.sandbox().faults().hostileAnswerNext(1, 400, HostileBody.GZIP_BOMB, 300L * 1024 * 1024);
        bridge.drop("bomb.ndjson", patientOrderLine("bomb-1") + "\n" + patientOrderLine("bomb-2") + "\n");

        JsonNode receipt = bridge.awaitReceipt("bomb.ndjson");

        assertThat(receipt.path("orders").get(0).path("outcome").asText()).isEqualTo("rejected");
        assertThat(receipt.path("orders").get(1).path("outcome").asText()).isEqualTo("created");
        JsonNode error = BridgeHarness.readJson(bridge.folders().rejected().resolve("bomb.line1.json.error.json"));
        assertThat(error.path("httpStatus").asInt()).isEqualTo(400);
        assertCut(error.path("apiResponse").asText());
        assertThat(bridge.ledgerEntry("inbox", "bomb-1")).hasValueSatisfying(entry ->
                assertThat(entry.state()).isEqualTo(LedgerEntry.State.REJECTED));
    }

    @Test
    void a_five_megabyte_refusal_is_kept_only_in_part_in_the_error_file() throws Exception {
        bridge.sandbox().faults().hostileAnswerNext(1, 400, HostileBody.HUGE, 5L * 1024 * 1024);
        bridge.drop("huge.json", patientOrder("huge-1"));

        bridge.awaitReceipt("huge.json");

        Path errorFile = bridge.folders().rejected().resolve("huge.index0.json.error.json");
        assertCut(BridgeHarness.readJson(errorFile).path("apiResponse").asText());
        assertThat(Files.size(errorFile)).isLessThan(2L * ERROR_ANSWER_LIMIT);
    }

    private static void assertCut(String apiResponse) {
        assertThat(apiResponse.length()).isLessThan(ERROR_ANSWER_LIMIT + 200);
        assertThat(apiResponse).endsWith("[cut: the answer was longer than " + ERROR_ANSWER_LIMIT + " bytes]");
    }

    private static String patientOrderLine(String externalId) {
        return patientOrder(externalId).replace("\n", " ");
    }
}
