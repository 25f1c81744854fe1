package com.impilo.bridge.routes;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.CapturedLog;
import com.impilo.bridge.support.RawNames;
import com.impilo.bridge.text.FileNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose name is not valid UTF-8 (a partner's Latin-1 machine) stays at its source, named with its bytes
 * percent-escaped, and leaves no lock file beside it (issue 14, item 4).
 * With --once and under {@code LANG=C}: BridgeJarIT.
 */
class UnreadableFileNamesTest {

    @TempDir
    Path data;

    private CapturedLog log;

    @BeforeEach
    void capture() {
        // the pom runs the tests with LANG=C.UTF-8, as the docs ask of a bridge in production
        assertThat(FileNames.platformIsUtf8()).as("file names read as UTF-8").isTrue();
        log = CapturedLog.attach();
    }

    @AfterEach
    void release() {
        log.close();
    }

    @Test
    void a_latin1_name_is_left_at_its_source_and_said_with_its_bytes_while_the_others_are_taken() throws Exception {
        try (BridgeHarness bridge = BridgeHarness.start(data)) {
            Path inbox = bridge.folders().inbox();
            RawNames.write(inbox, "Bestellung-M\\374ller.json", patientOrder("latin1-1"));
            bridge.drop("plain.json", patientOrder("latin1-2"));

            assertThat(bridge.awaitReceipt("plain.json").at("/orders/0/outcome").asText()).isEqualTo("created");
            await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains("Bestellung-M%FCller.json"));

            assertThat(log.text()).contains("file left at its source: source=inbox: Bestellung-M%FCller.json:"
                    + " its name is not valid UTF-8; rename it");
            assertThat(bridge.sandbox().orders()).as("only the readable file's order").hasSize(1);
            assertThat(namesIn(inbox)).as("the file waits, and no lock file beside it")
                    .containsExactly("Bestellung-M%FCller.json");
        }
    }

    private static List<String> namesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(FileNames::readable).toList();
        }
    }
}
