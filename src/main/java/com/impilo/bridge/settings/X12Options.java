package com.impilo.bridge.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A source's X12 settings: {@code x12.sender-id} and {@code x12.receiver-id}, the ISA06 and ISA08 its interchanges
 * must carry (not checked when unset), and {@code x12.overnight-codes}, the TD512 service levels that mean overnight.
 */
public record X12Options(String senderId, String receiverId, Set<String> overnightCodes) {

    /** Next day or faster, by default. */
    public static final Set<String> DEFAULT_OVERNIGHT = Set.of("ND", "NM", "ON", "SA");

    /** No partner ids checked; the default overnight codes. */
    public static final X12Options DEFAULT = new X12Options(null, null, DEFAULT_OVERNIGHT);

    /** The settings a source's keys hold under {@code prefix} (e.g. {@code bridge.sources.acme.}). */
    public static X12Options of(String prefix, Function<String, Optional<String>> lookup) {
        Set<String> overnight = lookup.apply(prefix + "x12.overnight-codes")
                .map(codes -> Arrays.stream(codes.split(",")).map(code -> code.trim().toUpperCase(Locale.ROOT))
                        .filter(code -> !code.isEmpty()).collect(Collectors.toUnmodifiableSet()))
                .orElse(DEFAULT_OVERNIGHT);
        return new X12Options(lookup.apply(prefix + "x12.sender-id").map(String::trim).filter(id -> !id.isEmpty())
                .orElse(null), lookup.apply(prefix + "x12.receiver-id").map(String::trim).filter(id -> !id.isEmpty())
                .orElse(null), overnight);
    }
}
