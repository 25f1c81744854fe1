package com.impilo.bridge.validate;

import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.model.Item;
import com.impilo.bridge.model.Kit;
import com.impilo.bridge.model.Order;
import com.impilo.bridge.model.OrderItem;
import com.impilo.bridge.model.OrderKit;
import com.impilo.bridge.model.Patient;
import com.impilo.bridge.model.ReturnDevice;
import com.impilo.bridge.model.ReturnItem;
import com.impilo.bridge.model.ReturnPackedKit;
import com.impilo.bridge.model.ShippingOption;
import com.impilo.bridge.model.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The guide's and the live docs' rules for creating an order, each reported with its JSON path. */
class OrderValidatorTest {

    private static final String ONE_OF = " (an order needs exactly one of patient or site)";

    private final OrderValidator validator = new OrderValidator();

    @Test
    void accepts_the_guide_minimal_patient_order() throws IOException {
        assertThat(problems(fixture("guide-patient-order-request.json"))).isEmpty();
    }

    @Test
    void accepts_the_guide_minimal_site_order() throws IOException {
        assertThat(problems(fixture("guide-site-order-request.json"))).isEmpty();
    }

    @Test
    void rejects_order_with_both_patient_and_site() {
        Order order = order(o -> o.site = Site.ofId(77));

        assertThat(problems(order)).containsExactly("site: not allowed together with patient" + ONE_OF);
    }

    @Test
    void rejects_order_with_neither_patient_nor_site() {
        Order order = order(o -> o.patient = null);

        assertThat(problems(order)).containsExactly("patient: required" + ONE_OF);
    }

    @Test
    void rejects_patient_without_id() {
        Patient nameOnly = new Patient(null, "John", "Doe", null, null, null, null, null, null, null, null, null);

        assertThat(problems(order(o -> o.patient = nameOnly))).containsExactly("patient.id: required");
    }

    @Test
    void takes_a_patient_by_external_identifier_and_an_item_by_sku_for_the_bridge_to_resolve() {
        Patient byIdentifier = new Patient(null, null, null, null, null, null, null, null, "MRN-77", null, null, null);
        OrderItem bySku = new OrderItem(new Item(null, null, "GLUC-100", null, null, null), 1);
        OrderItem neither = new OrderItem(new Item(null, null, " ", null, null, null), 1);

        assertThat(problems(order(o -> {
            o.patient = byIdentifier;
            o.orderItems = List.of(bySku);
        }))).isEmpty();
        assertThat(problems(order(o -> o.orderItems = List.of(neither)))).containsExactly("orderItems[0].item.id: required");
    }

    @Test
    void rejects_site_without_id() {
        Site empty = new Site(null, null, null, null, null);

        assertThat(problems(order(o -> {
            o.patient = null;
            o.site = empty;
        }))).containsExactly("site.id: required");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5})
    void rejects_patient_id_that_is_not_positive(long id) {
        assertThat(problems(order(o -> o.patient = Patient.ofId(id))))
                .containsExactly("patient.id: must be a positive number, got " + id);
    }

    @Test
    void rejects_order_without_any_content() {
        Order order = order(o -> o.orderItems = null);

        assertThat(problems(order)).containsExactly("orderItems: required (an order needs at least one of orderItems,"
                + " orderKits, returnItems, returnDevices or returnPackedKits)");
    }

    @Test
    void counts_empty_lists_as_no_content() {
        Order order = order(o -> {
            o.orderItems = List.of();
            o.orderKits = List.of();
            o.returnItems = List.of();
            o.returnDevices = List.of();
            o.returnPackedKits = List.of();
        });

        assertThat(problems(order)).singleElement().asString().startsWith("orderItems: required");
    }

    @Test
    void accepts_kits_only_order() {
        assertThat(problems(order(o -> {
            o.orderItems = null;
            o.orderKits = List.of(new OrderKit(Kit.ofId(1002), 1));
        }))).isEmpty();
    }

    @Test
    void accepts_returns_only_order() {
        Order order = order(o -> {
            o.orderItems = null;
            o.returnItems = List.of(new ReturnItem(311L, 1));
            o.returnDevices = List.of(new ReturnDevice(4410L));
            o.returnPackedKits = List.of(new ReturnPackedKit(8802L, 1));
        });

        assertThat(problems(order)).isEmpty();
    }

    @Test
    void rejects_item_lines_without_item_id() {
        Order order = order(o -> o.orderItems = List.of(
                new OrderItem(null, 1),
                new OrderItem(new Item(null, "AAA battery 4-pack", null, null, null, null), 1),
                new OrderItem(Item.ofId(311), 1)));

        assertThat(problems(order)).containsExactly("orderItems[0].item.id: required", "orderItems[1].item.id: required");
    }

    @Test
    void rejects_kit_lines_without_kit_id() {
        Order order = order(o -> o.orderKits = List.of(
                new OrderKit(Kit.ofId(1002), 1),
                new OrderKit(new Kit(null, "Blood pressure starter kit", null, null), 1),
                new OrderKit(null, 1)));

        assertThat(problems(order)).containsExactly("orderKits[1].kit.id: required", "orderKits[2].kit.id: required");
    }

    @Test
    void rejects_null_lines() {
        Order order = order(o -> o.orderItems = Arrays.asList(new OrderItem(Item.ofId(311), 1), null));

        assertThat(problems(order)).containsExactly("orderItems[1]: must not be null");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3})
    void rejects_counts_below_one(int count) {
        Order order = order(o -> {
            o.orderItems = List.of(new OrderItem(Item.ofId(311), count));
            o.orderKits = List.of(new OrderKit(Kit.ofId(1002), count));
        });

        assertThat(problems(order)).containsExactly(
                "orderItems[0].count: must be at least 1, got " + count,
                "orderKits[0].count: must be at least 1, got " + count);
    }

    @Test
    void rejects_lines_without_count() {
        Order order = order(o -> o.orderItems = List.of(new OrderItem(Item.ofId(311), null)));

        assertThat(problems(order)).containsExactly("orderItems[0].count: required");
    }

    @Test
    void checks_every_kind_of_return_line() {
        Order order = order(o -> {
            o.returnItems = List.of(new ReturnItem(null, 0), new ReturnItem(-1L, null));
            o.returnDevices = List.of(new ReturnDevice(null), new ReturnDevice(0L));
            o.returnPackedKits = List.of(new ReturnPackedKit(0L, null), new ReturnPackedKit(8802L, -2));
        });

        assertThat(problems(order)).containsExactly(
                "returnItems[0].id: required",
                "returnItems[0].count: must be at least 1, got 0",
                "returnItems[1].id: must be a positive number, got -1",
                "returnItems[1].count: required",
                "returnDevices[0].id: required",
                "returnDevices[1].id: must be a positive number, got 0",
                "returnPackedKits[0].id: must be a positive number, got 0",
                "returnPackedKits[0].quantity: required",
                "returnPackedKits[1].quantity: must be at least 1, got -2");
    }

    @Test
    void rejects_unknown_shipping_option() throws IOException {
        Order order = ImpiloJson.mapper().readValue("""
                {"patient": {"id": 1234}, "orderItems": [{"item": {"id": 311}, "count": 1}],
                 "shippingOption": "drone"}
                """, Order.class);

        assertThat(problems(order)).containsExactly("shippingOption: must be one of standard, overnight");
    }

    @Test
    void requires_shipping_option_when_email_label_is_false_and_order_has_returns() {
        Order order = order(o -> {
            o.emailLabel = false;
            o.returnDevices = List.of(new ReturnDevice(4410L));
        });

        assertThat(problems(order))
                .containsExactly("shippingOption: required when emailLabel is false and the order includes returns");
        assertThat(problems(order(o -> {
            o.emailLabel = false;
            o.returnDevices = List.of(new ReturnDevice(4410L));
            o.shippingOption = ShippingOption.STANDARD;
        }))).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(booleans = true)
    void does_not_require_shipping_option_unless_email_label_is_false(Boolean emailLabel) {
        assertThat(problems(order(o -> {
            o.emailLabel = emailLabel;
            o.returnItems = List.of(new ReturnItem(311L, 1));
        }))).isEmpty();
    }

    @Test
    void does_not_require_shipping_option_for_an_order_without_returns() {
        assertThat(problems(order(o -> {
            o.emailLabel = false;
            o.returnItems = List.of();
        }))).isEmpty();
    }

    @Test
    void rejects_blank_external_order_ids() {
        Order order = order(o -> o.externalOrderIds = Arrays.asList("ACME-1", "", "   ", null));

        assertThat(problems(order)).containsExactly(
                "externalOrderIds[1]: must be a non-blank string",
                "externalOrderIds[2]: must be a non-blank string",
                "externalOrderIds[3]: must be a non-blank string");
    }

    @Test
    void rejects_duplicate_external_order_ids() {
        Order order = order(o -> o.externalOrderIds = List.of("ACME-1", "ACME-2", "ACME-1", "ACME-2", "ACME-1"));

        assertThat(problems(order)).containsExactly(
                "externalOrderIds[2]: duplicate of externalOrderIds[0]",
                "externalOrderIds[3]: duplicate of externalOrderIds[1]",
                "externalOrderIds[4]: duplicate of externalOrderIds[0]");
    }

    @Test
    void reports_every_problem_with_its_exact_path() throws IOException {
        Order order = ImpiloJson.mapper().readValue("""
                {"emailLabel": false,
                 "externalOrderIds": ["ACME-9", " ", "ACME-9"],
                 "patient": {"id": 0},
                 "site": {"name": "Desert Valley Cardiology"},
                 "orderItems": [{"item": {"id": 311}, "count": 1}, {"item": {}, "count": 0}, null],
                 "orderKits": [{"kit": {"id": -4}}],
                 "returnDevices": [{"id": 4410}],
                 "returnPackedKits": [{"quantity": 0}]}
                """, Order.class);

        List<Violation> violations = validator.validate(order);

        assertThat(violations).extracting(Violation::toString).containsExactly(
                "site: not allowed together with patient" + ONE_OF,
                "patient.id: must be a positive number, got 0",
                "site.id: required",
                "orderItems[1].item.id: required",
                "orderItems[1].count: must be at least 1, got 0",
                "orderItems[2]: must not be null",
                "orderKits[0].kit.id: must be a positive number, got -4",
                "orderKits[0].count: required",
                "returnPackedKits[0].id: required",
                "returnPackedKits[0].quantity: must be at least 1, got 0",
                "shippingOption: required when emailLabel is false and the order includes returns",
                "externalOrderIds[1]: must be a non-blank string",
                "externalOrderIds[2]: duplicate of externalOrderIds[0]");
        assertThat(violations.get(1)).isEqualTo(new Violation("patient.id", "must be a positive number, got 0"));
        assertThat(validator.validate(order)).isEqualTo(violations);
    }

    private List<String> problems(Order order) {
        return validator.validate(order).stream().map(Violation::toString).toList();
    }

    /** A valid patient order with one item line, changed by the edit. */
    private static Order order(Consumer<Draft> edit) {
        Draft draft = new Draft();
        draft.patient = Patient.ofId(1234);
        draft.orderItems = List.of(new OrderItem(Item.ofId(311), 2));
        edit.accept(draft);
        return draft.build();
    }

    private static Order fixture(String name) throws IOException {
        try (InputStream in = OrderValidatorTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return ImpiloJson.mapper().readValue(in, Order.class);
        }
    }

    /** The request-side fields of an order, settable one at a time so that each test states only what it changes. */
    private static final class Draft {
        Boolean emailLabel;
        List<String> externalOrderIds;
        Patient patient;
        Site site;
        List<OrderItem> orderItems;
        List<OrderKit> orderKits;
        List<ReturnItem> returnItems;
        List<ReturnDevice> returnDevices;
        List<ReturnPackedKit> returnPackedKits;
        ShippingOption shippingOption;

        Order build() {
            return new Order(null, null, emailLabel, externalOrderIds, patient, site, orderItems, orderKits, null,
                    null, null, null, null, returnItems, returnDevices, returnPackedKits, shippingOption);
        }
    }
}
