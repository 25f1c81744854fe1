package com.impilo.bridge.settings;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.impilo.bridge.settings.BridgeConfigException;

/**
 * How a partner lays out its CSV files: the column that holds each field, the delimiter, the quote character and the
 * charset. Set in configuration under a prefix, so that each source can have its own.
 */
public record CsvLayout(Map<CsvField, String> columns, char delimiter, char quote, Charset charset) {

    /** One row per order line, columns named after the fields, comma-separated, double quotes, UTF-8. */
    public static final CsvLayout DEFAULT = new CsvLayout(defaultColumns(), ',', '"', StandardCharsets.UTF_8);

    private static final String COLUMNS = "columns.";
    private static final String DELIMITER = "delimiter";
    private static final String QUOTE = "quote";
    private static final String CHARSET = "charset";

    public CsvLayout {
        Map<CsvField, String> all = defaultColumns();
        all.putAll(columns);
        columns = Collections.unmodifiableMap(all);
    }

    /** The column name of a field, as configured (header names are matched without regard to case). */
    public String column(CsvField field) {
        return columns.get(field);
    }

    /**
     * The layout set under {@code prefix}: {@code columns.<field>} (e.g. {@code columns.item_id}), {@code delimiter},
     * {@code quote} and {@code charset}; a key that is not set, or empty, keeps the default. Every mistake is reported,
     * each naming its key.
     */
    public static CsvLayout from(Function<String, Optional<String>> lookup, String prefix) throws BridgeConfigException {
        return from(lookup, prefix, prefix);
    }

    /**
     * The layout set under {@code prefix}, each setting that is not set there, or empty, taken from under
     * {@code fallbackPrefix} (and failing that, the default). A mistake names the key its value came from.
     */
    public static CsvLayout from(Function<String, Optional<String>> lookup, String prefix, String fallbackPrefix)
            throws BridgeConfigException {
        Function<String, String> keyOf = setting -> lookup.apply(prefix + setting).filter(v -> !v.isEmpty()).isPresent()
                ? prefix + setting : fallbackPrefix + setting;
        List<String> problems = new ArrayList<>();
        Map<CsvField, String> columns = new EnumMap<>(CsvField.class);
        Map<String, String> keyOfColumn = new HashMap<>();
        for (CsvField field : CsvField.values()) {
            String key = keyOf.apply(COLUMNS + field.key());
            String column = lookup.apply(key).map(String::trim).filter(name -> !name.isEmpty()).orElse(field.key());
            String other = keyOfColumn.putIfAbsent(column.toLowerCase(Locale.ROOT), key);
            if (other != null) {
                problems.add(key + " names the column \"" + column + "\", which " + other + " already names");
            }
            columns.put(field, column);
        }
        char delimiter = character(lookup, keyOf.apply(DELIMITER), DEFAULT.delimiter, true, problems);
        char quote = character(lookup, keyOf.apply(QUOTE), DEFAULT.quote, false, problems);
        if (delimiter == quote) {
            problems.add(keyOf.apply(DELIMITER) + " and " + keyOf.apply(QUOTE) + " must differ, both are '" + quote
                    + "'");
        }
        Charset charset = charset(lookup, keyOf.apply(CHARSET), problems);
        if (!problems.isEmpty()) {
            throw new BridgeConfigException(problems);
        }
        return new CsvLayout(columns, delimiter, quote, charset);
    }

    /** The names of the layout's settings, as they follow a prefix: {@code delimiter}, {@code columns.item_id}, ... */
    public static Set<String> settings() {
        Set<String> settings = new HashSet<>(List.of(DELIMITER, QUOTE, CHARSET));
        for (CsvField field : CsvField.values()) {
            settings.add(COLUMNS + field.key());
        }
        return Set.copyOf(settings);
    }

    private static char character(Function<String, Optional<String>> lookup, String key, char fallback,
                                  boolean tabAllowed, List<String> problems) {
        String raw = lookup.apply(key).orElse("");
        // a lone whitespace character is meant literally; anything longer is trimmed like every other setting
        String value = raw.length() == 1 ? raw : raw.trim();
        if (value.isEmpty()) {
            return fallback;
        }
        // a tab is hard to write in a properties file or an environment variable, so it can be spelled out
        if (tabAllowed && (value.equalsIgnoreCase("tab") || value.equals("\\t"))) {
            return '\t';
        }
        if (value.length() != 1 || value.charAt(0) == '\n' || value.charAt(0) == '\r') {
            problems.add(key + " must be one character" + (tabAllowed ? " (or tab)" : "") + ", got \"" + raw + "\"");
            return fallback;
        }
        return value.charAt(0);
    }

    private static Charset charset(Function<String, Optional<String>> lookup, String key, List<String> problems) {
        String name = lookup.apply(key).map(String::trim).orElse("");
        if (name.isEmpty()) {
            return DEFAULT.charset;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            problems.add(key + " must name a charset this Java knows (e.g. UTF-8, ISO-8859-1, windows-1252), got \""
                    + name + "\"");
            return DEFAULT.charset;
        }
    }

    private static Map<CsvField, String> defaultColumns() {
        Map<CsvField, String> columns = new EnumMap<>(CsvField.class);
        for (CsvField field : CsvField.values()) {
            columns.put(field, field.key());
        }
        return columns;
    }
}
