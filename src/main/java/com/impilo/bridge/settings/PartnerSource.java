package com.impilo.bridge.settings;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;


/**
 * One partner source, configured as {@code bridge.sources.<name>.*}: a local folder or an SFTP location, the formats it
 * sends, the layout of its CSV files and how its files are picked up. Holds which settings are given, never secret
 * values.
 */
public final class PartnerSource {

    /** Prefix of every source setting. */
    public static final String PREFIX = "bridge.sources.";
    /** The local {@code <data>/inbox}: always a source unless {@code bridge.sources.inbox.enabled=false}. */
    public static final String INBOX = "inbox";
    /** Names of sources whose settings only answer lookups (see {@link #readAll}); comma-separated, optional. */
    public static final String NAMES = "bridge.source-names";

    /** Where a source's files come from. */
    public enum Type { LOCAL, SFTP }

    /** What happens to a remote file once the bridge has taken it. */
    public enum After { MOVE, DELETE }

    private static final Set<String> COMMON = Stream.concat(Stream.of("type", "enabled", "formats",
            "path", "min-age", "check-interval", "lock-timeout", "initial-delay", "poll-delay", "crosswalk"),
            X12Options.KEYS.stream()).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> SFTP_ONLY = Set.of("host", "port", "user", "password", "private-key-file",
            "private-key-passphrase", "known-hosts-file", "strict-host-key-checking", "done-file-name", "after",
            "done-folder", "rejected-folder", "connect-timeout", "reconnect-delay", "max-reconnect-attempts",
            "server-alive-interval", "outbox-folder");
    // A source's own CSV layout: bridge.sources.<name>.csv.<setting>, each falling back to bridge.csv.<setting>.
    private static final String CSV = "csv.";
    private static final Set<String> NUMBERS = Set.of("min-age", "check-interval", "lock-timeout", "initial-delay",
            "poll-delay", "connect-timeout", "reconnect-delay", "max-reconnect-attempts", "server-alive-interval");
    // Bridge-wide defaults of the settings a source may leave out; SFTP has its own where a remote server needs them.
    private static final Map<String, String> LOCAL_DEFAULTS = Map.of(
            "min-age", "bridge.pickup.min-age", "check-interval", "bridge.pickup.check-interval",
            "lock-timeout", "bridge.pickup.lock-timeout", "initial-delay", "bridge.pickup.initial-delay",
            "poll-delay", "bridge.pickup.poll-delay");
    private static final Map<String, String> SFTP_DEFAULTS = Map.of(
            "min-age", "bridge.sftp.min-age", "check-interval", "bridge.sftp.check-interval",
            "lock-timeout", "bridge.sftp.lock-timeout", "initial-delay", "bridge.pickup.initial-delay",
            "poll-delay", "bridge.sftp.poll-delay", "connect-timeout", "bridge.sftp.connect-timeout",
            "reconnect-delay", "bridge.sftp.reconnect-delay", "max-reconnect-attempts", "bridge.sftp.max-reconnect-attempts",
            "server-alive-interval", "bridge.sftp.server-alive-interval");

    private final String name;
    private final Type type;
    private final Set<String> given;
    private final Set<String> formats;
    private final CsvLayout csvLayout;
    private Crosswalk crosswalk = Crosswalk.NONE;
    private X12Options x12 = X12Options.DEFAULT;
    private final String location;
    private final boolean verifiesHostKeys;
    private final After after;
    private final String doneFolder;
    private final String rejectedFolder;

    private PartnerSource(String name, Type type, Set<String> given, Set<String> formats, CsvLayout csvLayout,
                          String location, boolean verifiesHostKeys, After after, String doneFolder,
                          String rejectedFolder) {
        this.name = name;
        this.type = type;
        this.given = given;
        this.formats = formats;
        this.csvLayout = csvLayout;
        this.location = location;
        this.verifiesHostKeys = verifiesHostKeys;
        this.after = after;
        this.doneFolder = doneFolder;
        this.rejectedFolder = rejectedFolder;
    }

    /**
     * Reads every enabled source; mistakes are added to {@code problems}, one line each.
     *
     * @param knownFormats the names of the formats the bridge reads
     */
    static List<PartnerSource> readAll(PropertyLookup properties, Set<String> knownFormats, List<String> problems) {
        Map<String, Map<String, String>> options = new TreeMap<>();
        for (String key : properties.keys(PREFIX)) {
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                problems.add(key + " is not a source setting: expected " + PREFIX + "<name>.<setting>");
                continue;
            }
            options.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>())
                    .put(rest.substring(dot + 1), properties.raw(key).orElse(""));
        }
        options.putIfAbsent(INBOX, new TreeMap<>());
        // A host's property sources may answer lookups without listing their keys (Spring Boot's Environment through
        // camel-spring-boot): sources they hold are named in bridge.source-names, and every setting is looked up too.
        properties.get(NAMES).ifPresent(names -> Arrays.stream(names.split(","))
                .map(String::trim).filter(name -> !name.isEmpty())
                .forEach(name -> options.putIfAbsent(name, new TreeMap<>())));
        options.forEach((name, written) -> lookUpUnlisted(properties, name, written));
        List<PartnerSource> sources = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> source : options.entrySet()) {
            new Reader(properties, source.getKey(), source.getValue(), knownFormats, problems).read()
                    .ifPresent(sources::add);
        }
        return List.copyOf(sources);
    }

    private static void lookUpUnlisted(PropertyLookup properties, String name, Map<String, String> written) {
        Stream.of(COMMON.stream(), SFTP_ONLY.stream(), CsvLayout.settings().stream().map(setting -> CSV + setting))
                .flatMap(options -> options)
                .filter(option -> !written.containsKey(option))
                .forEach(option -> properties.get(PREFIX + name + "." + option)
                        .ifPresent(value -> written.put(option, value)));
    }

    /** Every setting a source can have: common ones, SFTP ones and its own CSV layout ({@code csv.<setting>}). */
    public static SortedSet<String> options() {
        SortedSet<String> options = new TreeSet<>(COMMON);
        options.addAll(SFTP_ONLY);
        CsvLayout.settings().forEach(setting -> options.add(CSV + setting));
        return options;
    }

    /**
     * The names of the partner sources that these property keys configure: the inbox, and each {@code <name>} of a
     * {@code bridge.sources.<name>.<setting>}.
     */
    public static SortedSet<String> names(Collection<String> keys) {
        SortedSet<String> names = new TreeSet<>();
        names.add(INBOX);
        for (String key : keys) {
            if (key.startsWith(PREFIX)) {
                String rest = key.substring(PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        return names;
    }

    /**
     * Whether the bridge can take files from this folder: list it, read its files and move them away. Listing is
     * tried for real, since permission bits alone do not tell (an ACL, a mount, another user).
     */
    public static boolean usableFolder(Path folder) {
        if (!Files.isDirectory(folder) || !Files.isReadable(folder) || !Files.isWritable(folder)
                || !Files.isExecutable(folder)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            return files != null;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The id of this source's pickup route. */
    public String routeId() {
        return "pickup-" + name;
    }

    /** True when this source's configuration gives {@code option} a value of its own (an empty value is none). */
    public boolean has(String option) {
        return given.contains(option);
    }

    /** The property key that holds {@code option}: this source's own key, else the bridge-wide default. */
    public String key(String option) {
        if (has(option)) {
            return PREFIX + name + "." + option;
        }
        String fallback = (type == Type.SFTP ? SFTP_DEFAULTS : LOCAL_DEFAULTS).get(option);
        if (fallback == null) {
            throw new IllegalArgumentException("source " + name + " has no " + option + " and there is no default");
        }
        return fallback;
    }

    /** The formats a source sends when its configuration lists none: JSON, NDJSON and CSV. */
    public static final Set<String> DEFAULT_FORMATS = Set.of("json", "ndjson", "csv");

    /**
     * The formats the source named {@code source} may send, as its {@code formats} setting lists them, for a command
     * that reads files as that source's pickup would ({@code validate}).
     *
     * @param knownFormats the names of the formats the bridge reads
     */
    public static Set<String> formatsOf(String source, Function<String, Optional<String>> lookup,
                                        Set<String> knownFormats) throws BridgeConfigException {
        List<String> problems = new ArrayList<>();
        String key = PREFIX + source + ".formats";
        Set<String> formats = formats(lookup.apply(key), key, knownFormats, problems);
        if (!problems.isEmpty()) {
            throw new BridgeConfigException(problems);
        }
        return formats;
    }

    private static Set<String> formats(Optional<String> listed, String key, Set<String> knownFormats,
                                       List<String> problems) {
        if (listed.isEmpty() || listed.get().isBlank()) {
            return DEFAULT_FORMATS;
        }
        Set<String> formats = new TreeSet<>();
        for (String format : listed.get().split(",")) {
            String trimmed = format.trim().toLowerCase(Locale.ROOT);
            if (knownFormats.contains(trimmed)) {
                formats.add(trimmed);
            } else {
                problems.add(key + ": unknown format \"" + format.trim() + "\" (known: "
                        + String.join(", ", knownFormats) + ")");
            }
        }
        return Set.copyOf(formats);
    }

    /** The formats this source may send, by name. */
    public Set<String> formats() {
        return formats;
    }

    /** How this source lays out its CSV files. */
    public CsvLayout csvLayout() {
        return csvLayout;
    }

    /** How this source's X12 interchanges are checked and read. */
    public X12Options x12() {
        return x12;
    }

    /** The partner's codes for sites, patients, items and kits ({@link Crosswalk#NONE} without one). */
    public Crosswalk crosswalk() {
        return crosswalk;
    }

    /** Where files come from, for log lines: a folder, or {@code sftp://user@host:port/path}. */
    public String location() {
        return location;
    }

    /** False only when the configuration explicitly turned host key checking off (SFTP). */
    public boolean verifiesHostKeys() {
        return verifiesHostKeys;
    }

    public After after() {
        return after;
    }

    /** Remote folder, relative to the source's path, for files the bridge processed. */
    public String doneFolder() {
        return doneFolder;
    }

    /** Remote folder, relative to the source's path, for files the bridge rejected or could not process whole. */
    public String rejectedFolder() {
        return rejectedFolder;
    }

    /**
     * True when the outbox files of this source (its orders' feed files, its X12 acknowledgments) also go to its SFTP
     * server, into the folder {@code outbox-folder} (relative to the login folder).
     */
    public boolean uploadsFeed() {
        return has("outbox-folder");
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + " " + location + ")";
    }

    /** Reads and checks one source's settings. */
    private static final class Reader {
        private final PropertyLookup properties;
        private final String name;
        private final Map<String, String> raw;
        private final Set<String> knownFormats;
        private final List<String> problems;
        private final int problemsBefore;
        private final Map<String, Optional<String>> values = new HashMap<>();
        private final Set<String> unreadable = new HashSet<>();

        /**
         * @param raw this source's settings as written, placeholders unresolved
         */
        Reader(PropertyLookup properties, String name, Map<String, String> raw, Set<String> knownFormats,
               List<String> problems) {
            this.properties = properties;
            this.name = name;
            this.raw = raw;
            this.knownFormats = knownFormats;
            this.problems = problems;
            this.problemsBefore = problems.size();
        }

        Optional<PartnerSource> read() {
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                problems.add(PREFIX + name + ": a source name uses lower-case letters, digits and dashes only, got \""
                        + name + "\"");
                return Optional.empty();
            }
            String enabled = value("enabled").orElse("true");
            if (!enabled.equals("true") && !enabled.equals("false")) {
                problems.add(key("enabled") + " must be true or false, got \"" + enabled + "\"");
                return Optional.empty();
            }
            if (enabled.equals("false")) {
                return Optional.empty();
            }
            Optional<String> typeName = value("type");
            if (typeName.isEmpty() && !name.equals(INBOX)) {
                // a misspelt type (typ, tpye) is the mistake to name, not the type it leaves unset
                Optional<String> misspelt = raw.keySet().stream().filter(option -> !isSetting(option))
                        .filter(option -> DidYouMean.suggest(option, Set.of("type")).isPresent()).findFirst();
                problems.add(misspelt.map(option -> key(option) + " is not a source setting: did you mean "
                        + key("type") + "?").orElse(key("type") + " is not set: local or sftp"));
                return Optional.empty();
            }
            Type type;
            try {
                type = Type.valueOf(typeName.orElse("local").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(key("type") + " must be local or sftp, got \"" + typeName.orElse("") + "\"");
                return Optional.empty();
            }
            for (String option : raw.keySet()) {
                if (!COMMON.contains(option) && !(type == Type.SFTP && SFTP_ONLY.contains(option))
                        && !isCsvSetting(option)) {
                    Set<String> valid = new TreeSet<>(COMMON);
                    if (type == Type.SFTP) {
                        valid.addAll(SFTP_ONLY);
                    }
                    CsvLayout.settings().forEach(setting -> valid.add(CSV + setting));
                    problems.add(key(option) + " is not a setting of a " + type.name().toLowerCase(Locale.ROOT)
                            + " source" + DidYouMean.suggest(option, valid).map(o -> ": did you mean " + key(o) + "?")
                            .orElse(""));
                }
            }
            for (String option : raw.keySet()) {
                if (NUMBERS.contains(option)) {
                    value(option).filter(number -> !number.matches("\\d+")).ifPresent(number -> problems.add(
                            key(option) + " must be a whole number of at least 0, got \"" + number + "\""));
                }
            }
            Set<String> formats = formats();
            CsvLayout csvLayout = csvLayout();
            PartnerSource source = type == Type.LOCAL ? local(formats, csvLayout) : sftp(formats, csvLayout);
            source.x12 = X12Options.of("", this::value, problem -> problems.add(PREFIX + name + "." + problem));
            value("crosswalk").ifPresent(file -> {
                try {
                    source.crosswalk = Crosswalk.load(Path.of(file));
                } catch (BridgeConfigException e) {
                    e.problems().forEach(problem -> problems.add(key("crosswalk") + ": " + problem));
                }
            });
            return problems.size() == problemsBefore ? Optional.of(source) : Optional.empty();
        }

        private PartnerSource local(Set<String> formats, CsvLayout csvLayout) {
            String location;
            if (name.equals(INBOX) && value("path").isEmpty()) {
                location = "<data>/inbox";
            } else {
                Path folder = Path.of(value("path").orElse(""));
                location = folder.toAbsolutePath().normalize().toString();
                if (value("path").isEmpty()) {
                    problems.add(key("path") + " is not set: the local folder to pick files up from");
                } else if (!usableFolder(folder)) {
                    // files are moved out of the folder once processed, so it must be writable too
                    problems.add(key("path") + " " + location + " is not a folder the bridge can read and write");
                }
            }
            return new PartnerSource(name, Type.LOCAL, given(), formats, csvLayout, location, true, After.MOVE, null,
                    null);
        }

        private PartnerSource sftp(Set<String> formats, CsvLayout csvLayout) {
            Optional<String> host = value("host");
            Optional<String> user = value("user");
            Optional<String> path = value("path");
            if (host.isEmpty()) {
                problems.add(key("host") + " is not set: the SFTP server's host name");
            }
            if (user.isEmpty()) {
                problems.add(key("user") + " is not set: the user to log in as");
            }
            if (path.isEmpty()) {
                problems.add(key("path") + " is not set: the remote folder, relative to the login folder");
            } else if (path.get().startsWith("/")) {
                problems.add(key("path") + " must be relative to the login folder, got \"" + path.get() + "\"");
            }
            value("outbox-folder").ifPresent(folder -> {
                if (folder.startsWith("/")) {
                    problems.add(key("outbox-folder") + " must be relative to the login folder, got \"" + folder
                            + "\"");
                } else if (path.isPresent() && Path.of(folder).normalize().equals(Path.of(path.get()).normalize())) {
                    // the bridge would take its own status files for orders
                    problems.add(key("outbox-folder") + " must not be the folder orders are picked up from ("
                            + key("path") + ")");
                }
            });
            String port = value("port").orElse("22");
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                problems.add(key("port") + " must be a port number (1-65535), got \"" + port + "\"");
            }
            boolean password = value("password").isPresent();
            Optional<String> keyFile = value("private-key-file");
            if (!password && keyFile.isEmpty() && !unreadable.contains("password")
                    && !unreadable.contains("private-key-file")) {
                problems.add(PREFIX + name + " needs a private-key-file or a password to log in");
            }
            keyFile.ifPresent(file -> readableFile("private-key-file", file));
            String strict = value("strict-host-key-checking").orElse("yes");
            if (!strict.equals("yes") && !strict.equals("no")) {
                problems.add(key("strict-host-key-checking") + " must be yes or no, got \"" + strict + "\"");
            }
            Optional<String> knownHosts = value("known-hosts-file");
            if (strict.equals("yes") && knownHosts.isEmpty()) {
                problems.add(key("known-hosts-file") + " is not set: the server's host key is checked against it"
                        + " (ssh-keyscan -p PORT HOST > FILE writes one)");
            }
            knownHosts.ifPresent(file -> readableFile("known-hosts-file", file));
            String afterName = value("after").orElse("move");
            After after = null;
            try {
                after = After.valueOf(afterName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(key("after") + " must be move or delete, got \"" + afterName + "\"");
            }
            String doneFolder = remoteFolder("done-folder", ".done");
            String rejectedFolder = remoteFolder("rejected-folder", ".rejected");
            String location = "sftp://" + user.orElse("?") + "@" + host.orElse("?") + ":" + port + "/"
                    + path.orElse("");
            return new PartnerSource(name, Type.SFTP, given(), formats, csvLayout, location, !strict.equals("no"),
                    after, doneFolder, rejectedFolder);
        }

        private String remoteFolder(String option, String defaultFolder) {
            String folder = value(option).orElse(defaultFolder);
            if (folder.startsWith("/") || folder.endsWith("/")) {
                problems.add(key(option) + " must be a folder relative to the source's path, without a trailing /,"
                        + " got \"" + folder + "\"");
            }
            return folder;
        }

        private Set<String> formats() {
            return PartnerSource.formats(value("formats"), key("formats"), knownFormats, problems);
        }

        // Values as written, untrimmed: a delimiter may be a lone space or tab.
        private CsvLayout csvLayout() {
            try {
                return BridgeSettings.csvLayoutOf(name, this::resolve);
            } catch (BridgeConfigException e) {
                problems.addAll(e.problems());
                return CsvLayout.DEFAULT;
            }
        }

        private Optional<String> resolve(String key) {
            try {
                return properties.get(key);
            } catch (IllegalArgumentException e) {
                problems.add(key + " cannot be resolved: " + e.getMessage());
                return Optional.empty();
            }
        }

        private void readableFile(String option, String file) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                problems.add(key(option) + " " + path.toAbsolutePath().normalize() + " is not a readable file");
            }
        }

        private String key(String option) {
            return PREFIX + name + "." + option;
        }

        // a setting of some source, local or SFTP
        private static boolean isSetting(String option) {
            return COMMON.contains(option) || SFTP_ONLY.contains(option) || isCsvSetting(option);
        }

        // a source's own CSV layout: csv.<setting>
        private static boolean isCsvSetting(String option) {
            return option.startsWith(CSV) && CsvLayout.settings().contains(option.substring(CSV.length()));
        }

        // The settings with a value: {{env:NAME:}} with NAME unset means the setting is not there.
        private Set<String> given() {
            return raw.keySet().stream().filter(option -> value(option).isPresent()).collect(Collectors.toSet());
        }

        private Optional<String> value(String option) {
            if (!raw.containsKey(option)) {
                return Optional.empty();
            }
            return values.computeIfAbsent(option, o -> {
                Optional<String> resolved;
                try {
                    resolved = properties.get(key(o)).map(String::trim).filter(v -> !v.isEmpty());
                } catch (IllegalArgumentException e) {
                    resolved = Optional.empty();
                }
                String written = raw.get(o) == null ? "" : raw.get(o).trim();
                if (resolved.isEmpty() && written.contains("{{") && !written.matches("\\{\\{[^{}]*:}}")) {
                    // e.g. {{env:NAME}} while NAME is not set; the placeholder names the variable, never a value
                    problems.add(key(o) + " = " + written + " cannot be resolved (is the environment variable set?)");
                    unreadable.add(o);
                }
                return resolved;
            });
        }
    }
}
