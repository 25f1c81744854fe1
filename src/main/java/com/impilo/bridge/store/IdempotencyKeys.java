package com.impilo.bridge.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.impilo.bridge.ingest.ParsedOrder;

/** Derives each order's stable idempotency key: its first external order id, else a hash of where it came from. */
public final class IdempotencyKeys {

    private final String derivedPrefix;

    public IdempotencyKeys(String derivedPrefix) {
        this.derivedPrefix = derivedPrefix;
    }

    public String keyFor(String source, ParsedOrder parsed) {
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
