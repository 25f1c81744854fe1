package com.impilo.bridge.settings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone bridge's configuration, read once and in one order for every command. Lowest to highest: the
 * defaults shipped in the jar, {@code ./config/application.properties}, {@code --config FILE}, environment variables,
 * then Java system properties and the command line ({@code -Dkey=value} and flags). Each value remembers where it came
 * from, so that a mistake names its file and line.
 */
public final class Configuration implements PropertyLookup {

    /** The defaults, shipped in the jar under the bundle's own name so that they never clash with a host's. */
    public static final String DEFAULTS = "impilo-order-bridge/application.properties";
    /** The configuration file of the working folder, read when it exists. */
    public static final Path LOCAL = Path.of("config", "application.properties");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");
    // Deeper than any real chain of references; stops a key that refers to itself.
    private static final int MAX_DEPTH = 10;
    private static final List<String> OWN_PREFIXES = List.of("impilo.", "bridge.", "camel.");
    private static final String COMMAND_LINE = "command line";

    /** A value as written (placeholders unresolved), where it came from, and whether a user wrote it. */
    public record Setting(String value, String origin, boolean userSet) {
    }

    private final Map<String, Setting> settings;
    private final Map<String, String> environment;
    private final Properties system;

    private Configuration(Map<String, Setting> settings, Map<String, String> environment, Properties system) {
        this.settings = Collections.unmodifiableMap(settings);
        this.environment = environment;
        this.system = system;
    }

    /** Reads the configuration of this process: its files, its environment, its system properties and the flags. */
    public static Configuration load(Path configFile, Map<String, String> commandLine) throws BridgeConfigException {
        return load(configFile, commandLine, System.getenv(), System.getProperties(), LOCAL);
    }

    /**
     * @param commandLine -D options and the flags that stand for settings, e.g. {@code --data-dir}
     * @param local       the working folder's configuration file; read when it exists
     */
    public static Configuration load(Path configFile, Map<String, String> commandLine, Map<String, String> environment,
                                     Properties system, Path local) throws BridgeConfigException {
        Map<String, Setting> settings = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (InputStream defaults = Configuration.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (defaults == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the jar");
            }
            readFile(new InputStreamReader(defaults, StandardCharsets.UTF_8), "the defaults", false, settings,
                    problems);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS + " from the jar", e);
        }
        if (Files.isRegularFile(local)) {
            readFile(local, local.toString(), settings, problems);
        }
        if (configFile != null) {
            if (Files.isDirectory(configFile)) {
                problems.add("--config " + configFile + " is a folder, not a properties file");
            } else {
                readFile(configFile, configFile.toString(), settings, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new BridgeConfigException(problems);
        }
        for (String key : environmentCandidates(settings.keySet(), commandLine.keySet())) {
            String name = environmentName(key);
            String value = environment.get(name);
            if (value != null) {
                settings.put(key, new Setting(value, "environment variable " + name, true));
            }
        }
        for (String key : system.stringPropertyNames()) {
            if (isOwn(key)) {
                settings.put(key, new Setting(system.getProperty(key), "Java system property -D" + key, true));
            }
        }
        commandLine.forEach((key, value) -> settings.put(key, new Setting(value, COMMAND_LINE, true)));
        return new Configuration(settings, Map.copyOf(environment), system);
    }

    /**
     * The environment variable that sets {@code key}: upper case, with dots and dashes as underscores, e.g.
     * {@code BRIDGE_HTTP_MAX_CONCURRENCY} for {@code bridge.http.max-concurrency}.
     */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The settings of this configuration: every key, its value as written, and where it came from. */
    public Map<String, Setting> settings() {
        return settings;
    }

    /** Every key and its value as written, for Camel to resolve the same way. */
    public Map<String, String> rawValues() {
        Map<String, String> values = new LinkedHashMap<>();
        settings.forEach((key, setting) -> values.put(key, setting.value()));
        return values;
    }

    @Override
    public Optional<String> userOrigin(String key) {
        // the command line is where the user just typed it: no need to say
        return Optional.ofNullable(settings.get(key)).filter(Setting::userSet).map(Setting::origin)
                .filter(origin -> !origin.equals(COMMAND_LINE));
    }

    @Override
    public boolean userSet(String key) {
        return Optional.ofNullable(settings.get(key)).map(Setting::userSet).orElse(false);
    }

    @Override
    public boolean readsEnvironment() {
        return true;
    }

    @Override
    public Optional<String> get(String key) {
        return get(key, 0);
    }

    @Override
    public Optional<String> raw(String key) {
        return Optional.ofNullable(settings.get(key)).map(Setting::value);
    }

    @Override
    public Set<String> keys(String prefix) {
        Set<String> keys = new TreeSet<>();
        for (String key : settings.keySet()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private Optional<String> get(String key, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the setting " + key + " refers to itself");
        }
        Setting setting = settings.get(key);
        if (setting == null) {
            return Optional.empty();
        }
        Matcher placeholder = PLACEHOLDER.matcher(setting.value());
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(resolve(placeholder.group(1), depth)));
        }
        placeholder.appendTail(resolved);
        return Optional.of(resolved.toString());
    }

    // The placeholders Camel resolves too: {{env:NAME:default}}, {{sys:NAME:default}}, {{key}} and {{key:default}}.
    private String resolve(String expression, int depth) {
        String function = expression.startsWith("env:") || expression.startsWith("sys:")
                ? expression.substring(0, 3) : "";
        String rest = function.isEmpty() ? expression : expression.substring(4);
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        String fallback = colon < 0 ? null : rest.substring(colon + 1);
        String value = switch (function) {
            case "env" -> environment.get(name);
            case "sys" -> system.getProperty(name);
            default -> get(name, depth + 1).orElse(null);
        };
        if (value == null && fallback == null) {
            throw new IllegalArgumentException("the placeholder {{" + expression + "}} has no value and no default");
        }
        return value != null ? value : fallback;
    }

    private static boolean isOwn(String key) {
        return OWN_PREFIXES.stream().anyMatch(key::startsWith);
    }

    // Keys an environment variable may set: every key of a file or the command line, and every setting of each
    // partner source named there, so that a source's password can come from BRIDGE_SOURCES_<NAME>_PASSWORD.
    private static Set<String> environmentCandidates(Set<String> fileKeys, Set<String> commandLineKeys) {
        Set<String> keys = new TreeSet<>(fileKeys);
        keys.addAll(commandLineKeys);
        for (String source : PartnerSource.names(keys)) {
            for (String option : PartnerSource.options()) {
                keys.add(PartnerSource.PREFIX + source + "." + option);
            }
        }
        return keys;
    }

    private static void readFile(Path file, String origin, Map<String, Setting> into, List<String> problems) {
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            readFile(reader, origin, true, into, problems);
        } catch (NoSuchFileException e) {
            problems.add("--config " + file + ": no such file");
        } catch (CharacterCodingException e) {
            problems.add(origin + ": not UTF-8 text; save the file as UTF-8");
        } catch (IOException e) {
            problems.add(origin + ": cannot be read: " + e.getMessage());
        }
    }

    // One logical line (with its continuations) at a time, so that every key and every mistake has its line number.
    private static void readFile(Reader reader, String origin, boolean userSet, Map<String, Setting> into,
                                 List<String> problems) throws IOException {
        BufferedReader lines = new BufferedReader(reader);
        StringBuilder logical = new StringBuilder();
        int lineNumber = 0;
        int firstLine = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (logical.isEmpty()) {
                firstLine = lineNumber;
                String start = line.stripLeading();
                if (start.isEmpty() || start.startsWith("#") || start.startsWith("!")) {
                    continue;
                }
            }
            logical.append(line).append('\n');
            if (!continues(line)) {
                parse(logical.toString(), origin, firstLine, userSet, into, problems);
                logical.setLength(0);
            }
        }
        if (!logical.isEmpty()) {
            parse(logical.toString(), origin, firstLine, userSet, into, problems);
        }
    }

    private static void parse(String logicalLine, String origin, int line, boolean userSet, Map<String, Setting> into,
                              List<String> problems) {
        Properties one = new Properties();
        try {
            one.load(new StringReader(logicalLine));
        } catch (IllegalArgumentException | IOException e) {
            problems.add(origin + " line " + line + ": cannot be read: " + e.getMessage()
                    .replace("Malformed \\uxxxx encoding.", "a \\u escape needs four hex digits"));
            return;
        }
        for (String key : one.stringPropertyNames()) {
            into.put(key, new Setting(one.getProperty(key), origin + " line " + line, userSet));
        }
    }

    // A line continues on the next when it ends with an odd number of backslashes.
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
