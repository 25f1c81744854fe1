package com.impilo.bridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.model.ImpiloJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox over real HTTP on loopback, as the bridge sees it. */
class ImpiloSandboxTest {

    private static final String KEY = "test-key-7f3a";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ImpiloSandbox sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = ImpiloSandbox.start(0, KEY);
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    // --- authentication ---

    @Test
    void answers_401_without_api_key() throws Exception {
        HttpResponse<String> response = send(request("/api/v3/order").POST(body(patientOrder(1234))));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("message").asText()).isEqualTo("missing or invalid Impilo-API-Key");
        assertThat(json(response).path("status").asInt()).isEqualTo(401);
        assertThat(sandbox.orders()).isEmpty();
        assertThat(sandbox.createRequests()).isEqualTo(1);
    }

    @Test
    void answers_401_with_wrong_api_key() throws Exception {
        HttpResponse<String> response = send(request("/api/v3/order").header("Impilo-API-Key", "wrong").GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    // --- lookups ---

    @Test
    void finds_seeded_patients_by_external_identifier_and_items_by_sku_and_answers_404_for_an_unknown_identifier()
            throws Exception {
        JsonNode patients = json(send(authorized("/api/v3/patient?externalIdentifier=MRN-2345"
                + "&externalIdentifier=MRN-4242&externalIdentifier=SBX-P77&size=10").GET()));
        HttpResponse<String> one = send(authorized("/api/v3/patient/identifier/MRN-0005").GET());
        HttpResponse<String> unknown = send(authorized("/api/v3/patient/identifier/MRN-NOPE").GET());
        JsonNode items = json(send(authorized("/api/v3/item?sku=SBX-0042").GET()));
        JsonNode none = json(send(authorized("/api/v3/item?sku=ACME-1").GET()));

        assertThat(patients.path("content")).extracting(patient -> patient.path("id").asLong())
                .as("the seeded ones, then SBX-P<id> for any other id").containsExactly(2345L, 4242L, 77L);
        assertThat(json(one).path("id").asLong()).isEqualTo(5);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(items.path("content")).extracting(item -> item.path("id").asLong()).containsExactly(42L);
        assertThat(none.path("content")).isEmpty();
        assertThat(sandbox.lookupRequests()).isEqualTo(5);
    }

    // --- create ---

    @Test
    void creates_patient_order_with_catalog_items_echoed() throws Exception {
        ObjectNode order = patientOrder(1234);
        order.putArray("externalOrderIds").add("po-1");
        addKit(order, 1003, 2);
        Instant before = Instant.now();

        HttpResponse<String> response = post(order);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode created = json(response);
        assertThat(created.path("id").asLong()).isEqualTo(1001);
        assertThat(created.path("currentStatus").asText()).isEqualTo("orderPlaced");
        assertThat(created.path("patient").path("id").asLong()).isEqualTo(1234);
        assertThat(created.path("patient").path("externalIdentifier").asText()).as("a seeded patient").isEqualTo("MRN-1234");
        assertThat(created.has("site")).isFalse();
        assertThat(created.path("emailLabel").asBoolean(true)).isFalse();
        assertThat(created.path("externalOrderIds").get(0).asText()).isEqualTo("po-1");
        assertThat(created.path("shippingOption").asText()).isEqualTo("standard");

        JsonNode item = created.path("orderItems").get(0);
        assertThat(item.path("count").asInt()).isEqualTo(3);
        assertThat(item.path("item").path("id").asLong()).isEqualTo(7);
        assertThat(item.path("item").path("orderable").asBoolean()).isTrue();
        assertThat(item.path("item").path("name").asText()).isNotBlank();
        assertThat(item.path("item").path("sku").asText()).isNotBlank();
        assertThat(item.path("item").path("model").asText()).isNotBlank();
        assertThat(item.path("item").path("manufacturer").path("id").isIntegralNumber()).isTrue();
        assertThat(item.path("item").path("manufacturer").path("name").asText()).isNotBlank();

        JsonNode kit = created.path("orderKits").get(0);
        assertThat(kit.path("count").asInt()).isEqualTo(2);
        assertThat(kit.path("kit").path("id").asLong()).isEqualTo(1003);
        assertThat(kit.path("kit").path("name").asText()).isNotBlank();
        assertThat(kit.path("kit").path("archived").asBoolean(true)).isFalse();
        assertThat(kit.path("kit").path("kitItems").isArray()).isTrue();

        JsonNode placed = created.path("orderEvents").get(0);
        assertThat(created.path("orderEvents")).hasSize(1);
        assertThat(placed.path("name").asText()).isEqualTo("orderPlaced");
        assertThat(Instant.parse(placed.path("eventTimestamp").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        for (String empty : List.of("trackingNumbers", "devices", "packedKits", "orderNotes", "returnItems")) {
            assertThat(created.path(empty).isArray()).as(empty).isTrue();
            assertThat(created.path(empty)).as(empty).isEmpty();
        }
        assertThat(sandbox.order(1001)).hasValue(created);
        assertThat(sandbox.orders()).containsExactly(created);
    }

    @Test
    void creates_site_order() throws Exception {
        ObjectNode order = order();
        order.putObject("site").put("id", 55);
        addItem(order, 1, 1);
        order.put("shippingOption", "overnight");

        HttpResponse<String> response = post(order);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).path("site").path("id").asLong()).isEqualTo(55);
        assertThat(json(response).has("patient")).isFalse();
        assertThat(json(response).path("shippingOption").asText()).isEqualTo("overnight");
    }

    @Test
    void accepts_return_only_order_with_shipping_option() throws Exception {
        ObjectNode order = order();
        order.putObject("patient").put("id", 9);
        order.putArray("returnItems").addObject().put("id", 12).put("count", 1);
        order.put("shippingOption", "standard");

        HttpResponse<String> response = post(order);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).path("returnItems").get(0).path("id").asLong()).isEqualTo(12);
    }

    @Test
    void rejects_order_with_both_patient_and_site() throws Exception {
        ObjectNode order = patientOrder(1);
        order.putObject("site").put("id", 2);

        assertRejected(post(order), null, "only one of patient or site is allowed");
    }

    @Test
    void rejects_order_without_patient_or_site() throws Exception {
        ObjectNode order = order();
        addItem(order, 7, 1);

        assertRejected(post(order), null, "patient or site required");
    }

    @Test
    void rejects_patient_without_numeric_id() throws Exception {
        ObjectNode order = order();
        order.putObject("patient").put("id", "abc");
        addItem(order, 7, 1);

        assertRejected(post(order), null, "patient or site required");
    }

    @Test
    void rejects_order_without_content() throws Exception {
        ObjectNode order = order();
        order.putObject("patient").put("id", 1);
        order.putArray("orderItems");

        assertRejected(post(order), null, "Order must contain at least one of: "
                + "orderItems, orderKits, returnItems, returnDevices, or returnPackedKits");
    }

    @Test
    void rejects_item_with_count_zero() throws Exception {
        ObjectNode order = order();
        order.putObject("patient").put("id", 1);
        addItem(order, 7, 0);

        HttpResponse<String> response = post(order);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("code").isNull()).isTrue();
        assertThat(json(response).path("message").asText()).contains("orderItems[0].count");
    }

    @Test
    void rejects_unknown_shipping_option() throws Exception {
        ObjectNode order = patientOrder(1);
        order.put("shippingOption", "pigeon");

        assertRejected(post(order), null, "shippingOption must be one of: standard, overnight");
    }

    @Test
    void requires_shipping_option_for_returns_without_email_label() throws Exception {
        ObjectNode order = order();
        order.putObject("patient").put("id", 1);
        order.putArray("returnDevices").addObject().put("id", 77);

        assertRejected(post(order), null,
                "shippingOption is required when emailLabel is false and return items are included");
    }

    @Test
    void rejects_item_666_as_not_orderable() throws Exception {
        ObjectNode order = order();
        order.putObject("patient").put("id", 1);
        addItem(order, 666, 1);

        assertRejected(post(order), "item_not_orderable", "item 666 is not orderable");
    }

    @Test
    void rejects_unknown_kit_as_not_orderable() throws Exception {
        ObjectNode order = order();
        order.putObject("patient").put("id", 1);
        addKit(order, 5000, 1);

        assertRejected(post(order), "item_not_orderable", "kit 5000 is not orderable");
    }

    @Test
    void rejects_count_1001_as_insufficient_inventory() throws Exception {
        ObjectNode order = order();
        order.putObject("patient").put("id", 1);
        addItem(order, 7, 1001);

        HttpResponse<String> response = post(order);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("code").asText()).isEqualTo("insufficient_inventory");
        assertThat(json(response).path("message").asText()).contains("item 7");
    }

    @Test
    void rejects_body_that_is_not_a_json_object() throws Exception {
        HttpResponse<String> response = send(authorized("/api/v3/order")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1, 2]")));

        assertRejected(response, null, "request body must be a JSON object");
        assertThat(sandbox.orders()).isEmpty();
    }

    // --- list ---

    @Test
    void pages_orders_newest_first() throws Exception {
        createOrders(40);

        JsonNode first = getJson("/api/v3/order?page=1&size=15");
        JsonNode second = getJson("/api/v3/order?page=2&size=15");
        JsonNode third = getJson("/api/v3/order?page=3&size=15");
        JsonNode beyond = getJson("/api/v3/order?page=4&size=15");

        assertThat(ids(first)).hasSize(15).startsWith(1040L).endsWith(1026L)
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids(second)).hasSize(15).startsWith(1025L).endsWith(1011L);
        assertThat(ids(third)).hasSize(10).startsWith(1010L).endsWith(1001L);
        assertThat(ids(beyond)).isEmpty();
        assertThat(List.of(first, second, third, beyond)).allSatisfy(page -> {
            assertThat(page.path("total").asLong()).isEqualTo(40);
            assertThat(page.path("size").asInt()).isEqualTo(15);
        });
        assertThat(first.path("page").asInt()).isEqualTo(1);
        assertThat(first.path("first").asBoolean()).isTrue();
        assertThat(first.path("last").asBoolean()).isFalse();
        assertThat(second.path("first").asBoolean()).isFalse();
        assertThat(second.path("last").asBoolean()).isFalse();
        assertThat(third.path("page").asInt()).isEqualTo(3);
        assertThat(third.path("last").asBoolean()).isTrue();
        assertThat(beyond.path("last").asBoolean()).isTrue();
    }

    @Test
    void lists_fifteen_orders_by_default() throws Exception {
        createOrders(16);

        JsonNode page = getJson("/api/v3/order");

        assertThat(page.path("page").asInt()).isEqualTo(1);
        assertThat(page.path("size").asInt()).isEqualTo(15);
        assertThat(page.path("content")).hasSize(15);
    }

    @Test
    void rejects_page_size_over_250() throws Exception {
        assertRejected(send(authorized("/api/v3/order?size=251").GET()), null, "size must be between 1 and 250");
    }

    @Test
    void rejects_page_below_1() throws Exception {
        assertRejected(send(authorized("/api/v3/order?page=0").GET()), null, "page must be at least 1");
    }

    @Test
    void filters_by_external_order_id() throws Exception {
        for (String externalId : List.of("a-1", "b-2", "c-3")) {
            ObjectNode order = patientOrder(1);
            order.putArray("externalOrderIds").add("batch-9").add(externalId);
            assertThat(post(order).statusCode()).isEqualTo(201);
        }

        JsonNode one = getJson("/api/v3/order?externalOrderId=b-2");
        JsonNode two = getJson("/api/v3/order?externalOrderId=a-1&externalOrderId=c-3");
        JsonNode none = getJson("/api/v3/order?externalOrderId=zzz");

        assertThat(ids(one)).containsExactly(1002L);
        assertThat(ids(two)).containsExactly(1003L, 1001L);
        assertThat(none.path("total").asLong()).isZero();
        assertThat(none.path("last").asBoolean()).isTrue();
    }

    @Test
    void filters_by_patient_id() throws Exception {
        assertThat(post(patientOrder(10)).statusCode()).isEqualTo(201);
        assertThat(post(patientOrder(20)).statusCode()).isEqualTo(201);
        assertThat(post(patientOrder(10)).statusCode()).isEqualTo(201);

        JsonNode page = getJson("/api/v3/order?patientId=10");

        assertThat(ids(page)).containsExactly(1003L, 1001L);
        assertThat(page.path("total").asLong()).isEqualTo(2);
    }

    // --- fetch and void ---

    @Test
    void fetches_order_by_id() throws Exception {
        JsonNode created = json(post(patientOrder(5)));

        HttpResponse<String> response = send(authorized("/api/v3/order/" + created.path("id").asLong()).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(created);
    }

    @Test
    void answers_404_for_unknown_order() throws Exception {
        HttpResponse<String> response = send(authorized("/api/v3/order/42").GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("message").asText()).isEqualTo("order 42 not found");
    }

    @Test
    void voids_order_on_delete() throws Exception {
        long id = json(post(patientOrder(5))).path("id").asLong();

        HttpResponse<String> deleted = send(authorized("/api/v3/order/" + id).DELETE());
        JsonNode after = getJson("/api/v3/order/" + id);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(after.path("currentStatus").asText()).isEqualTo("voided");
        assertThat(after.path("orderEvents")).extracting(event -> event.path("name").asText())
                .containsExactly("orderPlaced", "voided");
    }

    @Test
    void answers_404_to_delete_of_unknown_order() throws Exception {
        assertThat(send(authorized("/api/v3/order/42").DELETE()).statusCode()).isEqualTo(404);
    }

    @Test
    void answers_404_for_unknown_path_and_405_for_wrong_method() throws Exception {
        assertThat(send(authorized("/api/v3/patients").GET()).statusCode()).isEqualTo(404);
        HttpResponse<String> put = send(authorized("/api/v3/order").PUT(body(patientOrder(1))));
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    // --- faults ---

    @Test
    void fails_next_calls_with_planned_status_then_succeeds() throws Exception {
        sandbox.faults().failNext(2, 503);

        HttpResponse<String> first = post(patientOrder(1));
        HttpResponse<String> second = post(patientOrder(1));
        HttpResponse<String> third = post(patientOrder(1));

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(json(first).path("message").asText()).isEqualTo("service unavailable (sandbox fault)");
        assertThat(json(first).path("status").asInt()).isEqualTo(503);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(sandbox.createRequests()).isEqualTo(3);
        assertThat(sandbox.orders()).hasSize(1);
    }

    @Test
    void sends_retry_after_with_planned_429() throws Exception {
        sandbox.faults().failNext(1, 429, 7);

        HttpResponse<String> limited = post(patientOrder(1));
        HttpResponse<String> next = post(patientOrder(1));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(next.statusCode()).isEqualTo(201);
        assertThat(next.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void checks_api_key_before_faults() throws Exception {
        sandbox.faults().failNext(1, 503);

        HttpResponse<String> unauthorized = send(request("/api/v3/order").GET());
        HttpResponse<String> faulted = send(authorized("/api/v3/order").GET());

        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(faulted.statusCode()).isEqualTo(503);
    }

    @Test
    void adds_configured_latency() throws Exception {
        Duration latency = Duration.ofMillis(300);
        sandbox.faults().latency(latency);

        long start = System.nanoTime();
        HttpResponse<String> response = post(patientOrder(1));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(elapsed).isGreaterThanOrEqualTo(latency);
    }

    @Test
    void fails_every_call_at_failure_rate_one_until_reset() throws Exception {
        sandbox.faults().failureRate(1.0);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(post(patientOrder(1)).statusCode());
        }
        sandbox.faults().reset();

        assertThat(statuses).containsOnly(503);
        assertThat(post(patientOrder(1)).statusCode()).isEqualTo(201);
    }

    @Test
    void assigns_distinct_ids_to_concurrent_orders() throws Exception {
        sandbox.faults().latency(Duration.ofMillis(200));
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpRequest request = authorized("/api/v3/order").POST(body(patientOrder(i))).build();
            calls.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        Set<Long> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).isEqualTo(201);
            ids.add(json(response).path("id").asLong());
        }

        assertThat(ids).hasSize(20);
        assertThat(sandbox.orders()).hasSize(20);
    }

    // --- inspection ---

    @Test
    void records_headers_of_every_request() throws Exception {
        post(patientOrder(1));
        send(request("/api/v3/order").header("X-Trace", "t-1").GET());

        List<Map<String, List<String>>> headers = sandbox.requestHeaders();

        assertThat(headers).hasSize(2);
        assertThat(headers.get(0).get("impilo-api-key")).containsExactly(KEY);
        assertThat(headers.get(0).get("Content-Type")).containsExactly("application/json");
        assertThat(headers.get(1).get("X-Trace")).containsExactly("t-1");
        assertThat(headers.get(1)).doesNotContainKey("Impilo-API-Key");
    }

    @Test
    void clear_forgets_orders_and_requests() throws Exception {
        post(patientOrder(1));

        sandbox.clear();

        assertThat(sandbox.orders()).isEmpty();
        assertThat(sandbox.createRequests()).isZero();
        assertThat(sandbox.requestHeaders()).isEmpty();
        assertThat(getJson("/api/v3/order").path("total").asLong()).isZero();
    }

    @Test
    void serves_base_url_on_loopback() {
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
        assertThat(sandbox.apiKey()).isEqualTo(KEY);
    }

    // --- lifecycle ---

    @Test
    void moves_an_order_through_its_life_one_step_at_a_time_with_an_event_each_and_a_tracking_number_when_shipped()
            throws Exception {
        long id = json(post(patientOrder(1))).path("id").asLong();
        SandboxLifecycle lifecycle = sandbox.lifecycle();

        assertThat(lifecycle.advance(id)).hasValue("awaitingShipment");
        assertThat(getJson("/api/v3/order/" + id).path("trackingNumbers")).isEmpty();
        assertThat(lifecycle.advance(id)).hasValue("shipped");
        JsonNode shipped = getJson("/api/v3/order/" + id);
        assertThat(lifecycle.advance(id)).hasValue("delivered");
        assertThat(lifecycle.advance(id)).as("delivered is the end").isEmpty();

        assertThat(shipped.path("currentStatus").asText()).isEqualTo("shipped");
        assertThat(shipped.path("trackingNumbers")).singleElement().satisfies(tracking -> {
            assertThat(tracking.path("carrier").asText()).isEqualTo("usps");
            assertThat(tracking.path("value").asText()).isEqualTo(SandboxLifecycle.trackingNumber(id)).hasSize(22);
        });
        JsonNode delivered = getJson("/api/v3/order/" + id);
        assertThat(delivered.path("currentStatus").asText()).isEqualTo("delivered");
        assertThat(delivered.path("orderEvents")).extracting(event -> event.path("name").asText())
                .containsExactly("orderPlaced", "awaitingShipment", "shipped", "delivered");
        assertThat(delivered.path("trackingNumbers")).hasSize(1);
    }

    @Test
    void ships_the_oldest_orders_not_shipped_yet() throws Exception {
        createOrders(5);
        sandbox.lifecycle().shipOrder(1002);

        assertThat(sandbox.lifecycle().shipOldest(3)).containsExactly(1001L, 1003L, 1004L);
        assertThat(sandbox.lifecycle().shipOrder(1002)).as("shipped already").isFalse();
        assertThat(sandbox.orders()).extracting(order -> order.path("currentStatus").asText())
                .containsExactly("shipped", "shipped", "shipped", "shipped", "orderPlaced");
    }

    @Test
    void a_voided_order_moves_no_further() throws Exception {
        long id = json(post(patientOrder(1))).path("id").asLong();

        assertThat(sandbox.lifecycle().voidOrder(id)).isTrue();

        assertThat(sandbox.lifecycle().advance(id)).isEmpty();
        assertThat(sandbox.lifecycle().shipOrder(id)).isFalse();
        assertThat(sandbox.order(id).orElseThrow().path("currentStatus").asText()).isEqualTo("voided");
        assertThat(sandbox.lifecycle().voidOrder(999_999)).isFalse();
    }

    @Test
    void creates_orders_without_http_for_seeding() {
        JsonNode created = sandbox.createOrder(patientOrder(5).toString());

        assertThat(created.path("id").asLong()).isEqualTo(1001);
        assertThat(sandbox.orders()).containsExactly(created);
        assertThat(sandbox.createRequests()).isZero();
    }

    @Test
    void runs_a_hook_after_a_list_page_is_taken_and_before_it_is_answered() throws Exception {
        createOrders(3);
        sandbox.afterListPage(1, () -> sandbox.createOrder(patientOrder(9).toString()));

        JsonNode first = getJson("/api/v3/order?page=1&size=2");
        JsonNode second = getJson("/api/v3/order?page=2&size=2");

        assertThat(ids(first)).as("taken before the hook ran").containsExactly(1003L, 1002L);
        assertThat(first.path("total").asLong()).isEqualTo(3);
        assertThat(ids(second)).as("the new order shifted the list").containsExactly(1002L, 1001L);
        assertThat(second.path("total").asLong()).isEqualTo(4);
        assertThat(ids(getJson("/api/v3/order?page=1&size=2"))).as("the hook runs once").containsExactly(1004L, 1003L);
    }

    // --- helpers ---

    private void createOrders(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(post(patientOrder(100 + i)).statusCode()).isEqualTo(201);
        }
    }

    private static ObjectNode order() {
        return ImpiloJson.mapper().createObjectNode();
    }

    private static ObjectNode patientOrder(long patientId) {
        ObjectNode order = order();
        order.putObject("patient").put("id", patientId).put("firstName", "Jane");
        addItem(order, 7, 3);
        return order;
    }

    private static void addItem(ObjectNode order, long itemId, int count) {
        ArrayNode items = order.has("orderItems") ? (ArrayNode) order.get("orderItems") : order.putArray("orderItems");
        ObjectNode line = items.addObject();
        line.putObject("item").put("id", itemId);
        line.put("count", count);
    }

    private static void addKit(ObjectNode order, long kitId, int count) {
        ArrayNode kits = order.has("orderKits") ? (ArrayNode) order.get("orderKits") : order.putArray("orderKits");
        ObjectNode line = kits.addObject();
        line.putObject("kit").put("id", kitId);
        line.put("count", count);
    }

    private HttpResponse<String> post(JsonNode order) throws IOException, InterruptedException {
        return send(authorized("/api/v3/order").header("Content-Type", "application/json").POST(body(order)));
    }

    private JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = send(authorized(pathAndQuery).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.Builder authorized(String pathAndQuery) {
        return request(pathAndQuery).header("Impilo-API-Key", KEY);
    }

    private static HttpRequest.BodyPublisher body(JsonNode json) throws IOException {
        return HttpRequest.BodyPublishers.ofByteArray(ImpiloJson.mapper().writeValueAsBytes(json));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return ImpiloJson.mapper().readTree(response.body());
    }

    private static List<Long> ids(JsonNode page) {
        return StreamSupport.stream(page.path("content").spliterator(), false)
                .map(order -> order.path("id").asLong())
                .toList();
    }

    private static void assertRejected(HttpResponse<String> response, String code, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.has("code")).as("body has a code field").isTrue();
        if (code == null) {
            assertThat(body.get("code").isNull()).as(response.body()).isTrue();
        } else {
            assertThat(body.get("code").asText()).isEqualTo(code);
        }
        assertThat(body.path("message").asText()).isEqualTo(message);
    }
}
