package com.impilo.bridge;

import static com.impilo.bridge.support.Orders.patientOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.OrderItem;
import com.impilo.bridge.model.Item;
import com.impilo.bridge.model.Site;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import com.impilo.bridge.validate.InvalidOrderException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle inside a host's plain CamelContext, without Camel Main: a host route creates orders through it. */
class EmbeddingTest {

    @TempDir
    Path data;

    @Test
    void a_host_route_creates_orders_through_the_bundle() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "host-key");
             DefaultCamelContext host = new DefaultCamelContext()) {
            Properties settings = hostSettings(impilo);
            // the host feeds orders itself: no folder pickup
            settings.setProperty("bridge.sources.inbox.enabled", "false");
            host.getPropertiesComponent().setOverrideProperties(settings);
            ImpiloBridge.install(host);
            host.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:esb-in").to("direct:impilo-submit-order");
                }
            });
            host.start();
            ProducerTemplate template = host.createProducerTemplate();

            Order fromJson = template.requestBody("direct:esb-in", patientOrder("esb-1"), Order.class);
            Order fromModel = template.requestBody("direct:esb-in", new Order(null, null, null, java.util.List.of("esb-2"),
                    null, Site.ofId(8), java.util.List.of(new OrderItem(Item.ofId(4), 2)), null, null, null, null,
                    null, null, null, null, null, null), Order.class);
            Order again = template.requestBody("direct:esb-in", patientOrder("esb-1"), Order.class);

            assertThat(fromJson.id()).isNotNull();
            assertThat(fromModel.site().id()).isEqualTo(8);
            assertThat(again.id()).as("the same order again is not created twice").isEqualTo(fromJson.id());
            assertThat(impilo.orders()).hasSize(2);
            assertThat(impilo.createRequests()).isEqualTo(2);
            assertThat(host.getRoute("pickup-inbox")).isNull();
            assertThat(template.requestBody("direct:impilo-get-order", fromJson.id(), String.class))
                    .contains("\"id\":" + fromJson.id()).contains("esb-1");

            assertThatThrownBy(() -> template.requestBody("direct:esb-in",
                    "{\"externalOrderIds\":[\"esb-3\"],\"patient\":{\"id\":1},\"site\":{\"id\":2}}"))
                    .isInstanceOf(CamelExecutionException.class)
                    .cause().isInstanceOf(InvalidOrderException.class)
                    .hasMessageContaining("site: not allowed together with patient")
                    .hasMessageContaining("orderItems: required");
            assertThat(impilo.createRequests()).isEqualTo(2);
        }
    }

    // Found 2026-12-06 by a review: installed into a context the host had started already, the bundle never checked the
    // API, so pickup never opened (and its polls waited on the gate).
    @Test
    void installed_into_a_running_context_the_bundle_picks_up_its_folder() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "host-key");
             DefaultCamelContext host = new DefaultCamelContext()) {
            Properties settings = hostSettings(impilo);
            settings.setProperty("bridge.pickup.min-age", "0");
            settings.setProperty("bridge.pickup.poll-delay", "100");
            host.getPropertiesComponent().setOverrideProperties(settings);
            host.start();

            ImpiloBridge.install(host);
            Files.writeString(Files.createDirectories(data.resolve("inbox")).resolve("late.json"),
                    patientOrder("late-1"));

            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(data.resolve("done/late.json.receipt.json")));
            assertThat(impilo.orders()).hasSize(1);
        }
    }

    // The host's own properties, as a host sets them for the bundle.
    private Properties hostSettings(ImpiloSandbox impilo) {
        Properties settings = new Properties();
        settings.setProperty("impilo.api.url", impilo.baseUrl());
        settings.setProperty("impilo.api.key", "host-key");
        settings.setProperty("bridge.data.dir", data.toString());
        return settings;
    }
}
