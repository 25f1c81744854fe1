package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.support.BridgeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bridge.http.rate-limit-per-second counts every call to the API: the orders' and their lookups'. */
class RateLimitTest {

    private static final int PER_SECOND = 10;

    @TempDir
    Path data;

    @Test
    void orders_and_their_lookups_together_stay_within_the_rate_limit() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of("bridge.http.rate-limit-per-second",
                String.valueOf(PER_SECOND), "bridge.http.max-concurrency", "4"))) {
            List<String> patients = List.of("MRN-1234", "MRN-2345", "MRN-4242", "MRN-0005");
            String lines = IntStream.range(0, 16).mapToObj(i -> "{\"externalOrderIds\": [\"RATE-" + i + "\"],"
                    + " \"patient\": {\"externalIdentifier\": \"" + patients.get(i % 4) + "\"},"
                    + " \"orderItems\": [{\"item\": {\"sku\": \"SBX-00" + (10 + i % 4) + "\"}, \"count\": 1}]}")
                    .collect(Collectors.joining("\n"));
            int before = bridge.sandbox().requestNanos().size();

            bridge.drop("rated.ndjson", lines + "\n");
            JsonNode receipt = bridge.awaitReceipt("rated.ndjson");

            assertThat(receipt.path("orders")).hasSize(16)
                    .allSatisfy(order -> assertThat(order.path("outcome").asText()).isEqualTo("created"));
            List<Long> calls = bridge.sandbox().requestNanos().subList(before, bridge.sandbox().requestNanos().size());
            assertThat(calls).as("16 creations, 4 patient and 4 item lookups").hasSize(24);
            // calls leave evenly spaced; one more may arrive within a second when the network delays one of them
            assertThat(mostInOneSecond(calls)).isLessThanOrEqualTo(PER_SECOND + 1);
        }
    }

    private static int mostInOneSecond(List<Long> nanos) {
        int most = 0;
        for (int i = 0; i < nanos.size(); i++) {
            int inWindow = 0;
            for (long other : nanos) {
                if (other >= nanos.get(i) && other < nanos.get(i) + TimeUnit.SECONDS.toNanos(1)) {
                    inWindow++;
                }
            }
            most = Math.max(most, inWindow);
        }
        return most;
    }
}
