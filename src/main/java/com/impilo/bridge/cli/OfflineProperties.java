package com.impilo.bridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.impilo.bridge.BridgeConfigException;

/**
 * The bridge's properties for commands that do not start Camel: the same files in the same order as the running
 * bridge (shipped defaults, {@code config/application.properties}, {@code --config FILE}, then {@code -D}), with the
 * {@code {{env:NAME:default}}}, {@code {{sys:NAME:default}}} and {@code {{key}}} placeholders the files use.
 */
final class OfflineProperties {

    private static final String SHIPPED = "impilo-order-bridge/application.properties";
    private static final Path LOCAL = Path.of("config", "application.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");
    // Deeper than any real chain of references; stops a key that refers to itself.
    private static final int MAX_DEPTH = 10;

    private final Properties files;
    private final Map<String, String> overrides;

    private OfflineProperties(Properties files, Map<String, String> overrides) {
        this.files = files;
        this.overrides = Map.copyOf(overrides);
    }

    static OfflineProperties load(Path configFile, Map<String, String> overrides) throws BridgeConfigException {
        Properties files = new Properties();
        try {
            try (InputStream shipped = OfflineProperties.class.getClassLoader().getResourceAsStream(SHIPPED)) {
                if (shipped != null) {
                    files.load(shipped);
                }
            }
            if (Files.isRegularFile(LOCAL)) {
                load(files, LOCAL);
            }
            if (configFile != null) {
                if (!Files.isRegularFile(configFile)) {
                    throw new BridgeConfigException(List.of("--config " + configFile + " is not a file"));
                }
                load(files, configFile);
            }
        } catch (IOException e) {
            throw new BridgeConfigException(List.of("cannot read the configuration: " + e.getMessage()));
        }
        return new OfflineProperties(files, overrides);
    }

    private static void load(Properties into, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            into.load(in);
        }
    }

    /** Every key that a file, an override or a system property sets. */
    Set<String> keys() {
        Set<String> keys = new HashSet<>(files.stringPropertyNames());
        keys.addAll(overrides.keySet());
        keys.addAll(System.getProperties().stringPropertyNames());
        return keys;
    }

    /** The value of a key with its placeholders resolved; empty when no file, override or system property sets it. */
    Optional<String> get(String key) {
        return get(key, 0);
    }

    private Optional<String> get(String key, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the property " + key + " refers to itself");
        }
        String raw = overrides.containsKey(key) ? overrides.get(key)
                : System.getProperty(key, files.getProperty(key));
        if (raw == null) {
            return Optional.empty();
        }
        Matcher placeholder = PLACEHOLDER.matcher(raw);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(resolve(placeholder.group(1), depth)));
        }
        placeholder.appendTail(resolved);
        return Optional.of(resolved.toString());
    }

    private String resolve(String expression, int depth) {
        String function = expression.startsWith("env:") || expression.startsWith("sys:")
                ? expression.substring(0, 3) : "";
        String rest = function.isEmpty() ? expression : expression.substring(4);
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        String fallback = colon < 0 ? null : rest.substring(colon + 1);
        String value = switch (function) {
            case "env" -> System.getenv(name);
            case "sys" -> System.getProperty(name);
            default -> get(name, depth + 1).orElse(null);
        };
        if (value == null && fallback == null) {
            throw new IllegalArgumentException("the placeholder {{" + expression + "}} has no value and no default");
        }
        return value != null ? value : fallback;
    }
}
