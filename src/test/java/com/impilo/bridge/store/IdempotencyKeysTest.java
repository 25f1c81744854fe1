package com.impilo.bridge.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.Position;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.validate.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each order's identity: the bridge's stamp, naming this installation and the partner source, and the partner's own
 * order id when it has one, else a stable hash of its origin.
 */
class IdempotencyKeysTest {

    private static final String PREFIX = "derived-";
    private static final String NO_IDS = "{\"patient\": {\"id\": 1234}, \"orderItems\": [{\"item\": {\"id\": 311}, \"count\": 1}]}";

    private static final String STAMP = "bridge:inst1:clinic-a:";

    private final IdempotencyKeys keys = new IdempotencyKeys("inst1", PREFIX);

    @Test
    void uses_the_first_external_order_id() {
        ParsedOrder parsed = parsed("orders.json", Position.index(0),
                "{\"externalOrderIds\": [\"PO-1\", \"PO-1-rev2\"], \"patient\": {\"id\": 1}}");

        assertThat(keys.keyFor("clinic-a", parsed)).isEqualTo(STAMP + "PO-1");
    }

    @Test
    void skips_blank_and_null_external_order_ids() {
        ParsedOrder parsed = parsed("orders.json", Position.index(0),
                "{\"externalOrderIds\": [\"\", \"   \", null, \"PO-2\"], \"patient\": {\"id\": 1}}");

        assertThat(keys.keyFor("clinic-a", parsed)).isEqualTo(STAMP + "PO-2");
    }

    @Test
    void keeps_the_same_key_for_an_order_id_whatever_file_of_the_partner_brings_it() {
        String json = "{\"externalOrderIds\": [\"PO-3\"], \"patient\": {\"id\": 1}}";

        assertThat(keys.keyFor("clinic-a", parsed("monday.json", Position.index(0), json)))
                .isEqualTo(keys.keyFor("clinic-a", parsed("tuesday.ndjson", Position.line(9), json)))
                .isEqualTo(STAMP + "PO-3");
    }

    @Test
    void gives_the_same_order_id_from_two_partners_two_keys() {
        String json = "{\"externalOrderIds\": [\"PO-1001\"], \"patient\": {\"id\": 1}}";

        assertThat(keys.keyFor("clinic-a", parsed("a.json", Position.index(0), json)))
                .isNotEqualTo(keys.keyFor("inbox", parsed("a.json", Position.index(0), json)))
                .isEqualTo("bridge:inst1:clinic-a:PO-1001");
        assertThat(keys.keyFor("inbox", parsed("a.json", Position.index(0), json))).isEqualTo("bridge:inst1:inbox:PO-1001");
    }

    @Test
    void reads_the_source_from_its_own_stamps_only_and_knows_any_stamp_for_what_it_is() {
        assertThat(keys.sourceOf("bridge:inst1:clinic-a:PO-1")).hasValue("clinic-a");
        assertThat(keys.sourceOf("bridge:inst2:clinic-a:PO-1")).as("another installation's").isEmpty();
        assertThat(keys.sourceOf("PO-1")).isEmpty();
        assertThat(IdempotencyKeys.partnerIds(List.of("PO-1", "bridge:inst2:x:PO-1", "crm-7")))
                .containsExactly("PO-1", "crm-7");
    }

    @Test
    void uses_the_order_id_of_an_order_that_could_not_be_mapped() {
        JsonNode json = json("{\"externalOrderIds\": [\"PO-4\"], \"orderItems\": [{\"count\": \"ten\"}]}");
        ParsedOrder unmappable = ParsedOrder.unreadable("orders.json", Position.index(0), json, null,
                List.of(new Violation("orderItems[0].count", "expected a whole number, got \"ten\"")));

        assertThat(keys.keyFor("clinic-a", unmappable)).isEqualTo(STAMP + "PO-4");
    }

    @Test
    void derives_a_prefixed_key_when_the_order_has_no_external_id() {
        assertThat(keys.keyFor("clinic-a", parsed("orders.json", Position.index(0), NO_IDS)))
                .startsWith(STAMP + PREFIX)
                .matches("bridge:inst1:clinic-a:derived-[0-9a-f]{24}");
    }

    @Test
    void derives_a_key_when_every_external_id_is_blank() {
        ParsedOrder parsed = parsed("orders.json", Position.index(0),
                "{\"externalOrderIds\": [\"\", \" \"], \"patient\": {\"id\": 1}}");

        assertThat(keys.keyFor("clinic-a", parsed)).startsWith(STAMP + PREFIX);
    }

    @Test
    void derives_the_same_key_when_the_same_order_is_read_again() {
        String first = keys.keyFor("clinic-a", parsed("orders.ndjson", Position.line(3), NO_IDS));
        String again = new IdempotencyKeys("inst1", PREFIX).keyFor("clinic-a", parsed("orders.ndjson", Position.line(3), NO_IDS));

        assertThat(again).isEqualTo(first);
    }

    @Test
    void derives_a_different_key_when_file_position_source_or_content_differ() {
        String base = keys.keyFor("clinic-a", parsed("orders.ndjson", Position.line(3), NO_IDS));

        assertThat(keys.keyFor("clinic-a", parsed("other.ndjson", Position.line(3), NO_IDS)))
                .as("another file").isNotEqualTo(base);
        assertThat(keys.keyFor("clinic-a", parsed("orders.ndjson", Position.line(4), NO_IDS)))
                .as("another line").isNotEqualTo(base);
        assertThat(keys.keyFor("clinic-a", parsed("orders.ndjson", Position.index(3), NO_IDS)))
                .as("index 3 of an array rather than line 3").isNotEqualTo(base);
        assertThat(keys.keyFor("clinic-b", parsed("orders.ndjson", Position.line(3), NO_IDS)))
                .as("another source").isNotEqualTo(base);
        assertThat(keys.keyFor("clinic-a", parsed("orders.ndjson", Position.line(3), NO_IDS.replace("1234", "1235"))))
                .as("another patient").isNotEqualTo(base);
    }

    @Test
    void derives_a_key_from_the_raw_text_of_a_line_that_is_not_json() {
        ParsedOrder broken = notJson("{\"patient\": {\"id\": 2");
        ParsedOrder otherBroken = notJson("{\"patient\": {\"id\": 3");

        assertThat(keys.keyFor("clinic-a", broken))
                .startsWith(STAMP + PREFIX)
                .isEqualTo(keys.keyFor("clinic-a", notJson("{\"patient\": {\"id\": 2")))
                .isNotEqualTo(keys.keyFor("clinic-a", otherBroken));
    }

    @Test
    void uses_the_configured_prefix() {
        assertThat(new IdempotencyKeys("inst1", "mine-").keyFor("clinic-a", parsed("orders.json", Position.index(0),
                NO_IDS))).startsWith(STAMP + "mine-");
    }

    private static ParsedOrder notJson(String line) {
        return ParsedOrder.unreadable("orders.ndjson", Position.line(5), null, line,
                List.of(new Violation("$", "not valid JSON")));
    }

    private static ParsedOrder parsed(String fileName, Position position, String text) {
        JsonNode json = json(text);
        try {
            return ParsedOrder.of(fileName, position, json, ImpiloJson.mapper().treeToValue(json, Order.class));
        } catch (Exception e) {
            throw new IllegalArgumentException("test order does not map: " + text, e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return ImpiloJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("test JSON does not parse: " + text, e);
        }
    }
}
