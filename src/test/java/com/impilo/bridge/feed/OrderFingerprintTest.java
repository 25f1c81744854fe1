package com.impilo.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.model.ImpiloJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fingerprint changes with what partners care about, and only with that. */
class OrderFingerprintTest {

    private static final String BASE = """
            {"id": 1001, "currentStatus": "shipped", "patient": {"id": 5, "firstName": "Jane"},
             "trackingNumbers": [{"carrier": "usps", "value": "9400"}, {"carrier": "ups", "value": "1Z"}],
             "orderEvents": [{"name": "orderPlaced", "eventTimestamp": "2025-03-01T09:00:00Z"},
                             {"name": "shipped", "eventTimestamp": "2025-03-02T09:00:00Z"}],
             "devices": [{"id": 77, "lastHealthCheck": "2025-03-02T10:00:00Z", "currentStatus": "active",
                          "deviceIdentifiers": [{"type": "imei", "value": "3550"}]}],
             "orderNotes": [{"note": "leave at the door"}]}""";

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"currentStatus\": \"delivered\"}",
        "{\"trackingNumbers\": [{\"carrier\": \"usps\", \"value\": \"9400\"}]}",
        "{\"orderEvents\": [{\"name\": \"orderPlaced\", \"eventTimestamp\": \"2025-03-01T09:00:00Z\"}]}",
        "{\"devices\": []}",
        "{\"devices\": [{\"id\": 78, \"deviceIdentifiers\": [{\"type\": \"imei\", \"value\": \"3550\"}]}]}",
        "{\"devices\": [{\"id\": 77, \"deviceIdentifiers\": [{\"type\": \"imei\", \"value\": \"3551\"}]}]}"})
    void changes_with_status_tracking_numbers_events_and_devices(String change) throws Exception {
        assertThat(OrderFingerprint.of(with(change))).isNotEqualTo(OrderFingerprint.of(json(BASE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"patient\": {\"id\": 5, \"firstName\": \"Janet\"}}",
        "{\"orderNotes\": []}",
        "{\"newField\": 1}",
        "{\"devices\": [{\"id\": 77, \"lastHealthCheck\": \"2025-03-09T10:00:00Z\", \"currentStatus\": \"lost\","
                + " \"deviceIdentifiers\": [{\"value\": \"3550\", \"type\": \"imei\"}]}]}",
        "{\"trackingNumbers\": [{\"value\": \"1Z\", \"carrier\": \"ups\"},"
                + " {\"carrier\": \"usps\", \"value\": \"9400\"}]}"})
    void ignores_other_fields_device_telemetry_key_order_and_list_order(String change) throws Exception {
        assertThat(OrderFingerprint.of(with(change))).isEqualTo(OrderFingerprint.of(json(BASE)));
    }

    @Test
    void reads_a_missing_list_as_an_empty_one() throws Exception {
        assertThat(OrderFingerprint.of(json("{\"id\": 1, \"currentStatus\": \"orderPlaced\"}")))
                .isEqualTo(OrderFingerprint.of(json("{\"id\": 1, \"currentStatus\": \"orderPlaced\","
                        + " \"trackingNumbers\": [], \"orderEvents\": null, \"devices\": []}")))
                .hasSize(64);
    }

    // The base order with the change's top-level fields replaced whole.
    private static JsonNode with(String change) throws Exception {
        ObjectNode order = (ObjectNode) json(BASE);
        order.setAll((ObjectNode) json(change));
        return order;
    }

    private static JsonNode json(String text) throws Exception {
        return ImpiloJson.mapper().readTree(text);
    }
}
