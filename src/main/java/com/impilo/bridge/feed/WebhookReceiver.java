package com.impilo.bridge.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Impilo's webhooks, for the webhook route: checks the shared secret and reads the {@code {id, type, payload}} envelope
 * of an {@code order.statusFull} webhook into the order it carries.
 */
public final class WebhookReceiver {

    /** The header in which Impilo sends the webhook's secret. */
    public static final String SECRET_HEADER = "Impilo-Webhook-Secret";
    /** The webhook type that carries the full order. */
    public static final String ORDER_STATUS_FULL = "order.statusFull";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    private final byte[] secretDigest;

    public WebhookReceiver(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the webhook secret must not be blank");
        }
        this.secretDigest = sha256(secret);
    }

    /** Whether the request carries the configured secret; compared in constant time, lengths included. */
    public boolean authentic(String presented) {
        return presented != null && MessageDigest.isEqual(secretDigest, sha256(presented));
    }

    /** The order an {@code order.statusFull} webhook carries; null for other types, which are acknowledged only. */
    public FeedOrder order(String body) {
        JsonNode envelope;
        try {
            envelope = body == null ? null : ImpiloJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new InvalidWebhookException("the body is not JSON");
        }
        if (!(envelope instanceof ObjectNode)) {
            throw new InvalidWebhookException("the body is not a webhook envelope {id, type, payload}");
        }
        String type = envelope.path("type").asText("");
        String webhookId = envelope.path("id").asText("");
        if (!ORDER_STATUS_FULL.equals(type)) {
            LOG.info("webhook {} of type \"{}\" acknowledged and ignored: only {} carries the order",
                    LogText.of(webhookId), LogText.of(type), ORDER_STATUS_FULL);
            return null;
        }
        JsonNode payload = envelope.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new InvalidWebhookException("the webhook has no order payload");
        }
        // The payload's own text, as Impilo sent it, is what the outbox keeps.
        FeedOrder order = FeedPages.orderIn(body, "payload");
        if (order == null) {
            throw new InvalidWebhookException("the webhook's order has no id");
        }
        LOG.debug("webhook {}: Impilo order {}", LogText.of(webhookId), order.id());
        return order;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The request is not a webhook this receiver can read (answered 400). */
    public static final class InvalidWebhookException extends RuntimeException {
        InvalidWebhookException(String message) {
            super(message, null, false, false);
        }
    }
}
