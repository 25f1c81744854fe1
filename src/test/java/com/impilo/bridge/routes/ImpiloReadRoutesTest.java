package com.impilo.bridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.api.ImpiloApiRoutes;
import com.impilo.bridge.api.ApiFailures;
import com.impilo.bridge.api.ListOrdersQuery;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.support.BridgeHarness;
import com.impilo.bridge.support.Orders;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list and get routes of the API client over HTTP: the JSON text as sent, the key, nothing internal. */
class ImpiloReadRoutesTest {

    @TempDir
    Path data;

    private BridgeHarness bridge;
    private ProducerTemplate api;

    @BeforeEach
    void start() throws Exception {
        bridge = BridgeHarness.start(data);
        api = bridge.runtime().camelContext().createProducerTemplate();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void lists_a_page_filtered_by_external_order_id_as_the_api_sent_it() throws Exception {
        bridge.sandbox().createOrder(Orders.line("read-1", 1));
        JsonNode second = bridge.sandbox().createOrder(Orders.line("read 2/ü", 2));

        String page = api.requestBodyAndHeader(ImpiloApiRoutes.LIST_ORDERS,
                ListOrdersQuery.byExternalOrderId("read 2/ü"), "X-Internal", "not for Impilo", String.class);

        JsonNode read = ImpiloJson.mapper().readTree(page);
        assertThat(read.path("content")).containsExactly(second);
        assertThat(read.path("total").asLong()).isEqualTo(1);
        Map<String, List<String>> headers = bridge.sandbox().requestHeaders().get(0);
        assertThat(headers.get("Impilo-API-Key")).containsExactly(bridge.apiKey());
        assertThat(headers.keySet()).noneMatch(name -> name.toLowerCase().startsWith("camel"))
                .doesNotContain("X-Internal");
    }

    @Test
    void gets_one_order_and_raises_the_404_of_a_missing_one() throws Exception {
        JsonNode created = bridge.sandbox().createOrder(Orders.line("read-3", 1));

        String order = api.requestBody(ImpiloApiRoutes.GET_ORDER, created.path("id").asLong(), String.class);
        Throwable missing = catchThrowable(() -> api.requestBody(ImpiloApiRoutes.GET_ORDER, 99_999L, String.class));

        assertThat(ImpiloJson.mapper().readTree(order)).isEqualTo(created);
        assertThat(missing).isInstanceOf(CamelExecutionException.class);
        assertThat(ApiFailures.status(missing.getCause())).isEqualTo(404);
    }
}
