package com.impilo.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The webhook's secret check and envelope, without HTTP. */
class WebhookReceiverTest {

    private final WebhookReceiver receiver = new WebhookReceiver("s3cret-hook");

    @Test
    void accepts_only_the_configured_secret() {
        assertThat(receiver.authentic("s3cret-hook")).isTrue();
        assertThat(receiver.authentic("s3cret-hooK")).isFalse();
        assertThat(receiver.authentic("s3cret-hook ")).isFalse();
        assertThat(receiver.authentic("")).isFalse();
        assertThat(receiver.authentic(null)).isFalse();
    }

    @Test
    void reads_the_order_of_an_order_status_full_webhook_as_sent() {
        String order = "{\"id\": 1001, \"currentStatus\": \"shipped\", \"unknownField\": 1}";

        FeedOrder read = receiver.order(
                "{\"id\": \"evt-1\", \"type\": \"order.statusFull\", \"payload\": " + order + "}");

        assertThat(read.id()).isEqualTo(1001);
        assertThat(read.json()).isEqualTo(order);
    }

    @Test
    void acknowledges_other_webhook_types_without_an_order() {
        assertThat(receiver.order("{\"id\": \"evt-2\", \"type\": \"order.status\", \"payload\": {\"id\": 1}}"))
                .isNull();
    }

    @Test
    void refuses_what_is_not_a_readable_webhook() {
        assertThatThrownBy(() -> receiver.order("not json")).hasMessage("the body is not JSON");
        assertThatThrownBy(() -> receiver.order("[]")).hasMessageContaining("not a webhook envelope");
        assertThatThrownBy(() -> receiver.order("{\"type\": \"order.statusFull\"}"))
                .hasMessage("the webhook has no order payload");
        assertThatThrownBy(() -> receiver.order(
                "{\"type\": \"order.statusFull\", \"payload\": {\"currentStatus\": \"x\"}}"))
                .hasMessage("the webhook's order has no id");
    }

    @Test
    void refuses_a_blank_secret() {
        assertThatThrownBy(() -> new WebhookReceiver(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
