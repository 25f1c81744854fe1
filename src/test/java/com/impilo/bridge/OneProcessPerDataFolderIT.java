package com.impilo.bridge;

import static com.impilo.bridge.support.ExactlyOnce.assertEachCreatedOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bridge per data folder: overlapping cron runs or an accidental second start take nothing, and the lock of a
 * process that was killed is taken over without anyone's help.
 */
class OneProcessPerDataFolderIT {

    private static final int FILES = 200;
    private static final int ORDERS_PER_FILE = 10;

    @TempDir
    Path work;

    @Test
    void two_processes_started_together_create_each_order_once_and_the_second_exits_2() throws Exception {
        List<String> expected = writeOrders();
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "two-key")) {
            BridgeProcess first = BridgeProcess.start(work, args(impilo), Map.of());
            BridgeProcess second = BridgeProcess.start(work, args(impilo), Map.of());

            int firstExit = first.awaitExit(120);
            int secondExit = second.awaitExit(120);

            List<Integer> exits = List.of(firstExit, secondExit);
            assertThat(exits).as(first.output() + "\n----\n" + second.output()).containsExactlyInAnyOrder(0, 2);
            String refused = firstExit == 2 ? first.output() : second.output();
            assertThat(refused.lines().toList()).singleElement().asString()
                    .startsWith("impilo-order-bridge: configuration error: another bridge is running on the data"
                            + " folder " + work.resolve("data").toRealPath() + ": pid ")
                    .contains(" on host ");
            assertEachCreatedOnce(impilo, expected);
            assertThat(work.resolve("data/undelivered")).isEmptyDirectory();
            assertThat(work.resolve("data/rejected")).isEmptyDirectory();
        }
    }

    @Test
    void the_lock_of_a_killed_process_is_taken_over_by_the_next_start() throws Exception {
        List<String> expected = writeOrders();
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "two-key")) {
            impilo.faults().latency(Duration.ofMillis(20));
            BridgeProcess killed = BridgeProcess.start(work, args(impilo), Map.of());
            await().atMost(Duration.ofSeconds(60)).until(() -> impilo.orders().size() >= 100);
            killed.kill();
            impilo.faults().reset();

            BridgeProcess next = BridgeProcess.start(work, args(impilo), Map.of());

            assertThat(next.awaitExit(120)).as(next.output()).isZero();
            assertThat(work.resolve("data/state/bridge.lock")).as("left behind by the killed one").exists();
            assertEachCreatedOnce(impilo, expected);
        }
    }

    private List<String> writeOrders() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("data/inbox"));
        List<String> ids = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            StringBuilder lines = new StringBuilder();
            for (int o = 0; o < ORDERS_PER_FILE; o++) {
                String id = "two-" + f + "-" + o;
                ids.add(id);
                lines.append(Orders.line(id, 1 + o)).append('\n');
            }
            Files.writeString(inbox.resolve("orders-" + f + ".ndjson"), lines);
        }
        return ids;
    }

    private static List<String> args(ImpiloSandbox impilo) {
        return List.of("--once", "--data-dir", "data", "-Dimpilo.api.url=" + impilo.baseUrl(),
                "-Dimpilo.api.key=two-key", "-Dbridge.pickup.min-age=100", "-Dbridge.pickup.initial-delay=0",
                "-Dbridge.pickup.poll-delay=100");
    }
}
