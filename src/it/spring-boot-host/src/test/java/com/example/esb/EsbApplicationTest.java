package com.example.esb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.sandbox.ImpiloSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot host creates an order through its own route and the bridge, against the bridge's sandbox API. */
class EsbApplicationTest {

    private static final String ORDER = "{\"externalOrderIds\":[\"esb-spring-1\"],\"site\":{\"id\":3},"
            + "\"orderKits\":[{\"kit\":{\"id\":1000},\"count\":1}]}";

    @TempDir
    Path data;

    @Test
    void creates_an_order_through_the_host_route_once() throws Exception {
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "host-key");
             ConfigurableApplicationContext app = new SpringApplicationBuilder(EsbApplication.class)
                     .web(WebApplicationType.NONE)
                     // what the host puts in its application.properties
                     .properties("impilo.api.url=" + impilo.baseUrl(), "impilo.api.key=host-key",
                             "bridge.data.dir=" + data, "bridge.sources.inbox.enabled=false")
                     .run()) {
            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();

            Order created = template.requestBody("direct:esb-in", ORDER, Order.class);
            Order again = template.requestBody("direct:esb-in", ORDER, Order.class);

            assertThat(created.id()).isNotNull();
            assertThat(again.id()).as("the same order again is the one created before").isEqualTo(created.id());
            assertThat(impilo.orders()).hasSize(1);
            assertThat(impilo.orders().get(0).at("/externalOrderIds/0").asText()).isEqualTo("esb-spring-1");
        }
    }

    @Test
    void picks_up_a_partner_folder_set_up_in_the_hosts_spring_properties() throws Exception {
        Path clinic = Files.createDirectories(data.resolve("clinic"));
        try (ImpiloSandbox impilo = ImpiloSandbox.start(0, "host-key");
             ConfigurableApplicationContext app = new SpringApplicationBuilder(EsbApplication.class)
                     .web(WebApplicationType.NONE)
                     // Spring's properties can be looked up but not listed: the source is named in source-names
                     .properties("impilo.api.url=" + impilo.baseUrl(), "impilo.api.key=host-key",
                             "bridge.data.dir=" + data.resolve("bridge"), "bridge.sources.inbox.enabled=false",
                             "bridge.source-names=clinic", "bridge.sources.clinic.type=local",
                             "bridge.sources.clinic.path=" + clinic, "bridge.pickup.min-age=50",
                             "bridge.pickup.initial-delay=0", "bridge.pickup.poll-delay=50")
                     .run()) {
            Files.writeString(clinic.resolve("order.json"), ORDER.replace("esb-spring-1", "esb-spring-file"));

            Path receipt = data.resolve("bridge/done/order.json.receipt.json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(receipt));

            JsonNode written = new ObjectMapper().readTree(receipt.toFile());
            assertThat(written.path("source").asText()).isEqualTo("clinic");
            assertThat(written.at("/orders/0/outcome").asText()).isEqualTo("created");
            assertThat(impilo.orders()).singleElement()
                    .satisfies(order -> assertThat(order.at("/externalOrderIds/0").asText()).isEqualTo("esb-spring-file"));
        }
    }
}
