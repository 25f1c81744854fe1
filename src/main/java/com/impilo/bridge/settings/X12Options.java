package com.impilo.bridge.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A source's X12 settings: {@code x12.sender-id} and {@code x12.receiver-id}, the ISA06 and ISA08 its interchanges
 * must carry (not checked when unset); {@code x12.overnight-codes}, the TD512 service levels that mean overnight;
 * {@code x12.ack}, the functional acknowledgment sent back ({@code 997}, {@code 999} or {@code none});
 * {@code x12.send-855} and {@code x12.send-856}, whether each purchase order gets its 855 PO acknowledgment and,
 * once shipped, its 856 ship notice.
 */
public record X12Options(String senderId, String receiverId, Set<String> overnightCodes, Ack ack, boolean send855,
                         boolean send856) {

    /** The functional acknowledgment a source sends for each group it receives. */
    public enum Ack {
        /** A 997, in the interchange's own version. */
        FA997,
        /** A 999 for a 5010 interchange (a 4010 one still gets a 997: its version has no 999). */
        FA999,
        /** None. */
        NONE
    }

    /** The settings of a source under {@code x12.}. */
    public static final Set<String> KEYS = Set.of("x12.sender-id", "x12.receiver-id", "x12.overnight-codes", "x12.ack",
            "x12.send-855", "x12.send-856");

    /** Next day or faster, by default. */
    public static final Set<String> DEFAULT_OVERNIGHT = Set.of("ND", "NM", "ON", "SA");

    /** No partner ids checked; the default overnight codes; a 997, 855s and 856s sent back. */
    public static final X12Options DEFAULT = new X12Options(null, null, DEFAULT_OVERNIGHT, Ack.FA997, true, true);

    /** The settings a source's keys hold under {@code prefix} (e.g. {@code bridge.sources.acme.}), as far as valid. */
    public static X12Options of(String prefix, Function<String, Optional<String>> lookup) {
        return of(prefix, lookup, problem -> { });
    }

    /**
     * The settings a source's keys hold under {@code prefix}; each value that is not valid is told to
     * {@code problems}, naming its key, and its default taken.
     */
    public static X12Options of(String prefix, Function<String, Optional<String>> lookup, Consumer<String> problems) {
        Set<String> overnight = lookup.apply(prefix + "x12.overnight-codes")
                .map(codes -> Arrays.stream(codes.split(",")).map(code -> code.trim().toUpperCase(Locale.ROOT))
                        .filter(code -> !code.isEmpty()).collect(Collectors.toUnmodifiableSet()))
                .orElse(DEFAULT_OVERNIGHT);
        Ack ack = lookup.apply(prefix + "x12.ack").map(value -> switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "997" -> Ack.FA997;
            case "999" -> Ack.FA999;
            case "none" -> Ack.NONE;
            default -> {
                problems.accept(prefix + "x12.ack must be 997, 999 or none, got \"" + value + "\"");
                yield Ack.FA997;
            }
        }).orElse(Ack.FA997);
        return new X12Options(id(lookup, prefix + "x12.sender-id"), id(lookup, prefix + "x12.receiver-id"), overnight,
                ack, flag(lookup, prefix + "x12.send-855", problems), flag(lookup, prefix + "x12.send-856", problems));
    }

    // true unless the key says false; anything else is told to problems
    private static boolean flag(Function<String, Optional<String>> lookup, String key, Consumer<String> problems) {
        String value = lookup.apply(key).map(String::trim).orElse("true");
        if (!value.equals("true") && !value.equals("false")) {
            problems.accept(key + " must be true or false, got \"" + value + "\"");
        }
        return !value.equals("false");
    }

    private static String id(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::trim).filter(id -> !id.isEmpty()).orElse(null);
    }
}
