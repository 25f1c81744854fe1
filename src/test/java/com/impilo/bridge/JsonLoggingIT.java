package com.impilo.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BRIDGE_LOG_FORMAT=json: the jar logs one JSON object per line, for log shippers. */
class JsonLoggingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void logs_json_lines_with_level_logger_and_message() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("sandbox-data/inbox"));
        Files.writeString(inbox.resolve("one.json"), Orders.patientOrder("json-log-1"));

        BridgeProcess bridge = BridgeProcess.start(work, List.of("--sandbox", "--once",
                "-Dbridge.pickup.min-age=100", "-Dbridge.pickup.initial-delay=0"), Map.of("BRIDGE_LOG_FORMAT", "json"));

        assertThat(bridge.awaitExit(60)).as(bridge.output()).isZero();
        List<String> logLines = bridge.output().lines().filter(line -> line.startsWith("{")).toList();
        assertThat(logLines).hasSizeGreaterThan(3);
        for (String line : logLines) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.has("level") && event.has("loggerName") && event.has("formattedMessage")).as(line).isTrue();
        }
        assertThat(logLines).anySatisfy(line -> assertThat(JSON.readTree(line).get("formattedMessage").asText())
                .startsWith("file done: source=inbox file=one.json created=1"));
    }
}
