package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.store.LedgerEntry;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.MutatedFiles;
import com.impilo.bridge.support.MutatedFiles.MutatedFile;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The fuzzer's files through a running bridge: a batch of mutated partner files dropped into the inbox all end with
 * an outcome. Each file is rejected whole with a reason, or has a receipt whose every order is created, a duplicate,
 * or rejected or undelivered with a reason and a dead letter; nothing stays in the inbox or in flight, and Impilo holds
 * exactly the orders the receipts say were created. {@code OrderReadersFuzzTest} tries many more files against the
 * readers alone; this one proves the rest of the way. A failing batch is printed whole: add its culprit to the hostile
 * corpus.
 */
class FuzzedFilesTest {

    private static final int FILES_PER_BATCH = 30;

    // edge cases off: they are the first seed alone, again and again
    @Property(tries = 2, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF,
            afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void every_fuzzed_file_ends_with_an_outcome_and_every_order_is_created_once_or_dead_lettered_with_a_reason(
            @ForAll("batches") List<MutatedFile> batch) throws Exception {
        Path data = Files.createTempDirectory("fuzz-e2e-");
        try (BridgeHarness bridge = BridgeHarness.start(data, Map.of())) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                String name = String.format("%02d-%s", i, batch.get(i).name());
                Files.write(bridge.folders().inbox().resolve(name), batch.get(i).content());
                names.add(name);
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> inboxHolds(bridge).isEmpty());

            int created = 0;
            for (String name : names) {
                Path receipt = bridge.folders().done().resolve(name + ".receipt.json");
                if (Files.exists(receipt)) {
                    created += assertEveryOrderHasAnOutcome(data, BridgeHarness.readJson(receipt));
                } else {
                    JsonNode error = BridgeHarness.readJson(bridge.folders().rejected().resolve(name + ".error.json"));
                    assertThat(error.path("reason").asText()).as(name + " rejected whole").isNotBlank();
                }
            }
            assertThat(bridge.ledger().all()).extracting(LedgerEntry::state).doesNotContain(LedgerEntry.State.IN_FLIGHT);
            assertThat(bridge.sandbox().orders()).as("each created order once").hasSize(created);
        } finally {
            MutatedFiles.delete(data);
        }
    }

    @Provide
    Arbitrary<List<MutatedFile>> batches() {
        return MutatedFiles.partnerFiles().list().ofSize(FILES_PER_BATCH);
    }

    // the number of orders the receipt says were created
    private static int assertEveryOrderHasAnOutcome(Path data, JsonNode receipt) {
        int created = 0;
        for (JsonNode order : receipt.path("orders")) {
            String outcome = order.path("outcome").asText();
            assertThat(outcome).as(receipt.path("file").asText()).isIn("created", "duplicate", "rejected",
                    "undelivered");
            if (outcome.equals("created")) {
                created++;
            } else if (!outcome.equals("duplicate")) {
                assertThat(order.path("reason").asText()).as("why %s", order).isNotBlank();
                Path deadLetter = data.resolve(order.path("deadLetter").asText());
                assertThat(deadLetter.resolveSibling(deadLetter.getFileName() + ".error.json")).exists();
            }
        }
        return created;
    }

    private static List<String> inboxHolds(BridgeHarness bridge) throws IOException {
        try (Stream<Path> files = Files.list(bridge.folders().inbox())) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
