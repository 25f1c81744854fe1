package com.impilo.bridge.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.impilo.bridge.model.ImpiloJson;
import org.junit.jupiter.api.Test;

/** What the webhook receiver answers Impilo, without Camel: Impilo delivers again on anything but 2xx. */
class WebhookAnswersTest {

    @Test
    void a_recorded_change_is_answered_200_emitted_and_a_known_state_200_unchanged() throws Exception {
        assertThat(WebhookAnswers.handled(false, false, true)).isEqualTo(new WebhookAnswers.Answer(200,
                "{\"status\":\"emitted\"}"));
        assertThat(WebhookAnswers.handled(false, false, false).body()).isEqualTo("{\"status\":\"unchanged\"}");
    }

    @Test
    void a_webhook_without_an_order_of_the_feed_is_acknowledged_as_ignored() {
        assertThat(WebhookAnswers.handled(true, false, false)).isEqualTo(new WebhookAnswers.Answer(200,
                "{\"status\":\"ignored\"}"));
    }

    @Test
    void a_change_that_could_not_be_recorded_is_answered_503_so_that_impilo_delivers_it_again() throws Exception {
        WebhookAnswers.Answer answer = WebhookAnswers.handled(false, true, true);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(ImpiloJson.mapper().readTree(answer.body()).path("status").asText()).isEqualTo("failed");
    }

    @Test
    void a_wrong_secret_is_401_an_unreadable_webhook_400_with_why_and_a_failure_500_without_details()
            throws Exception {
        assertThat(WebhookAnswers.unauthorized().status()).isEqualTo(401);
        assertThat(WebhookAnswers.unauthorized().body()).contains("Impilo-Webhook-Secret");

        WebhookAnswers.Answer invalid = WebhookAnswers.invalid("the body is not JSON");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(ImpiloJson.mapper().readTree(invalid.body()).path("message").asText())
                .isEqualTo("the body is not JSON");

        WebhookAnswers.Answer failed = WebhookAnswers.failed("IllegalStateException: /data/outbox is full");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).doesNotContain("outbox");
    }
}
