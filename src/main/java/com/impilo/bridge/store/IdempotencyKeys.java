package com.impilo.bridge.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.validate.OrderValidator;

/**
 * Each order's identity, which belongs to its partner: the bridge's own stamp
 * {@code bridge:<installation id>:<source>:<order id>}, where the order id is the partner's first external order id,
 * else a hash of where the order came from. The stamp keys the ledger and travels with the order to Impilo among its
 * externalOrderIds, so that the bridge finds its own orders there by it, and only by it.
 */
public final class IdempotencyKeys {

    /** How every stamp begins; partners may not send external ids that begin so. */
    public static final String STAMP = OrderValidator.RESERVED_PREFIX;

    private final String installationId;
    private final String derivedPrefix;
    private final String ownStamps;

    /**
     * @param installationId this installation's id, kept in the state store
     * @param derivedPrefix  the start of the order id derived for orders without external order ids
     */
    public IdempotencyKeys(String installationId, String derivedPrefix) {
        this.installationId = installationId;
        this.derivedPrefix = derivedPrefix;
        this.ownStamps = STAMP + installationId + ":";
    }

    /** The order's stamp: its identity for this installation and this partner source. */
    public String keyFor(String source, ParsedOrder parsed) {
        return ownStamps + source + ":" + orderId(source, parsed);
    }

    /** The installation id that names this bridge's stamps. */
    public String installationId() {
        return installationId;
    }

    /** The partner source named by one of this installation's stamps; empty for any other id. */
    public Optional<String> sourceOf(String externalOrderId) {
        if (externalOrderId == null || !externalOrderId.startsWith(ownStamps)) {
            return Optional.empty();
        }
        String rest = externalOrderId.substring(ownStamps.length());
        int colon = rest.indexOf(':');
        return colon > 0 ? Optional.of(rest.substring(0, colon)) : Optional.empty();
    }

    /** True for a stamp of any installation: the partner's view of an order leaves them out. */
    public static boolean isStamp(String externalOrderId) {
        return externalOrderId != null && externalOrderId.toLowerCase(Locale.ROOT).startsWith(STAMP);
    }

    /** The external order ids as a partner knows them: without any bridge's stamp. */
    public static List<String> partnerIds(List<String> externalOrderIds) {
        return externalOrderIds == null ? List.of()
                : externalOrderIds.stream().filter(id -> !isStamp(id)).toList();
    }

    private String orderId(String source, ParsedOrder parsed) {
        return parsed.externalOrderIds().stream()
                .filter(id -> !id.isBlank())
                .findFirst()
                .orElseGet(() -> derivedPrefix + hash(source + "\n" + parsed.fileName() + "\n" + parsed.position()
                        + "\n" + (parsed.json() != null ? parsed.json().toString() : parsed.rawText())));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
