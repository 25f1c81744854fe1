package com.impilo.bridge.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook receiver's HTTP answers: 200 once handled; 401, 400, 408, 413 and 429 for requests it does not take;
 * 500, or 503 so that Impilo delivers again.
 */
public final class WebhookAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAnswers.class);

    /** One answer: the HTTP status and the JSON body. */
    public record Answer(int status, String body) {
    }

    private WebhookAnswers() {
    }

    /**
     * The answer once the order went through change detection (or was ignored): 200, or 503 so Impilo retries.
     *
     * @param ignored true when the webhook carried no order of the feed's scope
     */
    public static Answer handled(boolean ignored, boolean failed, boolean changed) {
        ObjectNode answer = ImpiloJson.mapper().createObjectNode();
        if (ignored) {
            answer.put("status", "ignored");
        } else if (failed) {
            answer.put("status", "failed").put("message", "the change could not be recorded; retry later");
        } else {
            answer.put("status", changed ? "emitted" : "unchanged");
        }
        return new Answer(failed ? 503 : 200, answer.toString());
    }

    /** 401: the secret is missing or wrong; nothing of the request is looked at. */
    public static Answer unauthorized() {
        LOG.warn("webhook refused: missing or wrong {}", WebhookReceiver.SECRET_HEADER);
        return new Answer(401, ImpiloJson.mapper().createObjectNode()
                .put("message", "missing or wrong " + WebhookReceiver.SECRET_HEADER).toString());
    }

    /** 400: the request is not a webhook this receiver can read. */
    public static Answer invalid(String why) {
        String message = why == null ? "invalid webhook" : why;
        LOG.warn("webhook refused: {}", LogText.of(message));
        return new Answer(400, ImpiloJson.mapper().createObjectNode().put("message", message).toString());
    }

    /** 413: the body is larger than the receiver takes; it is not read. */
    public static Answer tooLarge(long maxBytes) {
        LOG.warn("webhook refused: its body is larger than {} bytes (bridge.webhook.max-body-bytes)", maxBytes);
        return new Answer(413, ImpiloJson.mapper().createObjectNode()
                .put("message", "the body is larger than " + maxBytes + " bytes").toString());
    }

    /** 408: the request did not arrive whole within the read timeout. */
    public static Answer timedOut() {
        LOG.warn("webhook refused: it did not arrive whole within bridge.webhook.read-timeout");
        return new Answer(408, ImpiloJson.mapper().createObjectNode()
                .put("message", "the request did not arrive in time").toString());
    }

    /** 429: as many webhooks as the receiver handles at once are in progress; Impilo delivers again later. */
    public static Answer busy() {
        LOG.warn("webhook refused: bridge.webhook.max-concurrent webhooks are in progress");
        return new Answer(429, ImpiloJson.mapper().createObjectNode()
                .put("message", "too many webhooks at once; retry later").toString());
    }

    /** 500: something unexpected; Impilo retries the delivery later. */
    public static Answer failed(String why) {
        LOG.warn("webhook failed: {}", LogText.of(why));
        return new Answer(500, ImpiloJson.mapper().createObjectNode().put("message", "webhook not processed")
                .toString());
    }
}
