package com.impilo.bridge.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Reading and writing orders in the shape the Order Management Guide shows. */
class OrderJsonTest {

    private static final ObjectMapper MAPPER = ImpiloJson.mapper();

    @Test
    void reads_guide_style_response_with_devices_kits_and_tracking() throws IOException {
        Order order = readFixture(MAPPER, "guide-patient-order-response.json");

        assertThat(order.id()).isEqualTo(90817L);
        assertThat(order.emailLabel()).isTrue();
        assertThat(order.externalOrderIds()).containsExactly("ACME-2024-0042");
        assertThat(order.shippingOption()).isEqualTo(ShippingOption.STANDARD);
        assertThat(order.site()).isNull();

        Patient patient = order.patient();
        assertThat(patient.id()).isEqualTo(5521L);
        assertThat(patient.sex()).isEqualTo(Sex.FEMALE);
        assertThat(patient.address().zipCode()).isEqualTo("85701");
        assertThat(patient.address().lineThree()).isNull();
        assertThat(patient.site().id()).isEqualTo(77L);

        assertThat(order.orderItems()).singleElement().satisfies(line -> {
            assertThat(line.count()).isEqualTo(2);
            assertThat(line.item().sku()).isEqualTo("IMP-BAT-AAA4");
            assertThat(line.item().manufacturer()).isEqualTo(new Manufacturer(12L, "Voltra"));
        });
        Kit kit = order.orderKits().get(0).kit();
        assertThat(kit.id()).isEqualTo(1002L);
        assertThat(kit.kitItems()).extracting(KitItem::count, KitItem::drivesExternalIdentifier)
                .containsExactly(tuple(1, true), tuple(1, false));
        assertThat(kit.kitItems().get(0).item().manufacturer().name()).isEqualTo("Cardiotek");

        assertThat(order.orderNotes()).singleElement().satisfies(note -> {
            assertThat(note.createdAt()).isEqualTo("2024-05-02T09:14:00Z");
            assertThat(note.createdBy()).isEqualTo(new NoteAuthor(61L, "ops@example.org", "Sam", "Reyes"));
        });
        assertThat(order.orderEvents()).containsExactly(
                new OrderEvent("orderPlaced", "2024-05-02T09:12:44Z"),
                new OrderEvent("shipped", "2024-05-03T16:40:02Z"));
        assertThat(order.trackingNumbers()).containsExactly(new TrackingNumber("usps", "9400111899223344556677"));

        Device device = order.devices().get(0);
        assertThat(device.id()).isEqualTo(4410L);
        assertThat(device.currentStatus()).isEqualTo("withPatient");
        assertThat(device.currentPatient().id()).isEqualTo(5521L);
        assertThat(device.deviceEvents()).containsExactly(new DeviceEvent("shipped", "2024-05-03T16:40:02Z"));
        assertThat(device.lastHealthCheck()).isEqualTo("2024-05-04T07:01:19Z");

        PackedKit packedKit = order.packedKits().get(0);
        assertThat(packedKit.id()).isEqualTo(8802L);
        assertThat(packedKit.kit().id()).isEqualTo(1002L);
        assertThat(packedKit.devices()).extracting(Device::deviceIdentifiers)
                .containsExactly(List.of(new DeviceIdentifier(DeviceIdentifierType.SERIAL, "BP800C-0077123")));

        assertThat(order.returnItems()).isEmpty();
        assertThat(order.returnDevices()).isEmpty();
        assertThat(order.returnPackedKits()).isEmpty();
    }

    @Test
    void reads_unknown_enum_values_as_unrecognized() throws IOException {
        Order order = readFixture(MAPPER, "guide-patient-order-response.json");

        assertThat(order.currentStatus()).isEqualTo(OrderStatus.UNRECOGNIZED);
        assertThat(order.devices().get(0).deviceIdentifiers()).containsExactly(
                new DeviceIdentifier(DeviceIdentifierType.IMEI, "356938035643809"),
                new DeviceIdentifier(DeviceIdentifierType.UNRECOGNIZED, "E200-3412-0123"));
    }

    @Test
    void a_plain_object_mapper_also_tolerates_unknown_fields_and_values() throws IOException {
        Order order = readFixture(new ObjectMapper(), "guide-patient-order-response.json");

        assertThat(order).isEqualTo(readFixture(MAPPER, "guide-patient-order-response.json"));
        assertThat(order.currentStatus()).isEqualTo(OrderStatus.UNRECOGNIZED);
    }

    @Test
    void writes_only_the_fields_that_are_set() throws IOException {
        Order order = new Order(null, null, null, null, Patient.ofId(1234), null,
                List.of(new OrderItem(Item.ofId(311), 2)), List.of(new OrderKit(Kit.ofId(1002), 1)),
                null, null, null, null, null, null, null, null, ShippingOption.OVERNIGHT);

        String json = MAPPER.writeValueAsString(order);

        assertThat(json).doesNotContain("null");
        assertThat(MAPPER.readTree(json)).isEqualTo(MAPPER.readTree("""
                {"patient": {"id": 1234},
                 "orderItems": [{"item": {"id": 311}, "count": 2}],
                 "orderKits": [{"kit": {"id": 1002}, "count": 1}],
                 "shippingOption": "overnight"}
                """));
        assertThat(new ObjectMapper().writeValueAsString(order)).isEqualTo(json);
    }

    @Test
    void a_request_survives_a_write_and_read_unchanged() throws IOException {
        Order request = readFixture(MAPPER, "guide-site-order-request.json");

        Order again = MAPPER.readValue(MAPPER.writeValueAsString(request), Order.class);

        assertThat(again).isEqualTo(request);
        assertThat(again.site()).isEqualTo(Site.ofId(77));
        assertThat(again.orderKits()).extracting(line -> line.kit().id()).containsExactly(1000L, 1001L, 1002L, 1003L);
    }

    @Test
    void reads_a_page_of_orders() throws IOException {
        String json = """
                {"content": [
                   {"id": 42, "currentStatus": "shipped", "externalOrderIds": ["A-1"], "patient": {"id": 1}},
                   {"id": 43, "currentStatus": "onHold", "site": {"id": 77}}],
                 "page": 1, "size": 15, "total": 2, "first": true, "last": true, "sort": "id"}
                """;

        Page<Order> page = MAPPER.readValue(json, new TypeReference<>() { });

        assertThat(page.content()).extracting(Order::id, Order::currentStatus).containsExactly(
                tuple(42L, OrderStatus.SHIPPED),
                tuple(43L, OrderStatus.ON_HOLD));
        assertThat(page.content().get(1).site().id()).isEqualTo(77L);
        assertThat(page.page()).isEqualTo(1);
        assertThat(page.size()).isEqualTo(15);
        assertThat(page.total()).isEqualTo(2L);
        assertThat(page.first()).isTrue();
        assertThat(page.last()).isTrue();
    }

    @Test
    void with_external_order_ids_replaces_only_the_ids() throws IOException {
        Order original = readFixture(MAPPER, "guide-patient-order-request.json");

        Order copy = original.withExternalOrderIds(List.of("ACME-7"));

        assertThat(copy.externalOrderIds()).containsExactly("ACME-7");
        assertThat(original.externalOrderIds()).hasSize(4);
        assertThat(copy).usingRecursiveComparison().ignoringFields("externalOrderIds").isEqualTo(original);
    }

    @Test
    void reference_factories_carry_only_the_id() throws IOException {
        assertThat(MAPPER.writeValueAsString(Patient.ofId(5))).isEqualTo("{\"id\":5}");
        assertThat(MAPPER.writeValueAsString(Site.ofId(6))).isEqualTo("{\"id\":6}");
        assertThat(MAPPER.writeValueAsString(Item.ofId(7))).isEqualTo("{\"id\":7}");
        assertThat(MAPPER.writeValueAsString(Kit.ofId(8))).isEqualTo("{\"id\":8}");
    }

    private static Order readFixture(ObjectMapper mapper, String name) throws IOException {
        try (InputStream in = OrderJsonTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return mapper.readValue(in, Order.class);
        }
    }
}
