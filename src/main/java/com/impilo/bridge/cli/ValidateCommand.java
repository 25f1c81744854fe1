package com.impilo.bridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.BridgeSettings;
import com.impilo.bridge.settings.PartnerSource;
import com.impilo.bridge.settings.CsvLayout;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.ingest.OrderAdmission;
import com.impilo.bridge.ingest.Envelope;
import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.reader.AcceptedFormats;
import com.impilo.bridge.ingest.reader.OrderFileReader;
import com.impilo.bridge.ingest.reader.OrderFormats;
import com.impilo.bridge.model.ResolvedReference;
import com.impilo.bridge.api.ReferenceResolver;
import com.impilo.bridge.ingest.ReadOptions;
import com.impilo.bridge.settings.Crosswalk;
import com.impilo.bridge.settings.X12Options;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.text.LogText;
import com.impilo.bridge.validate.InvalidOrderException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate FILE...}: reads partner files and checks their orders as the bridge would, offline, sending nothing. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Reads partner order files and checks every order against the Impilo order rules, offline: no API key,"
                + " no network, nothing sent. Prints OK or the problems of each order, then a summary."},
        footer = {
            "",
            "Exit codes: 0 every order valid; 3 some order invalid or some file unreadable; 2 a file is missing, the"
                + " source is unknown or the configuration is wrong."})
public final class ValidateCommand implements Callable<Integer> {

    /** Exit code when a file cannot be found, the source is unknown or the configuration is wrong. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when some order is invalid or some file cannot be read. */
    public static final int EXIT_NOT_ALL_VALID = 3;

    private static final String PREFIX = "impilo-order-bridge validate: ";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Order files: .json, .ndjson, .jsonl or .csv.")
    private List<Path> files;

    @Option(names = "--source", paramLabel = "NAME", defaultValue = PartnerSource.INBOX,
            description = "The partner source, as named in bridge.sources.<name>.*, whose formats, CSV layout,"
                    + " crosswalk and X12 settings apply"
                    + " (default: ${DEFAULT-VALUE}).")
    private String source;

    @Mixin
    private ConfigOptions config;

    private final OrderAdmission admission = new OrderAdmission();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> missing = files.stream().filter(file -> !Files.isRegularFile(file)).toList();
        if (!missing.isEmpty()) {
            missing.forEach(file -> err.println(PREFIX + "no such file: " + file));
            err.flush();
            return EXIT_USAGE;
        }
        Configuration configuration;
        Optional<CsvLayout> layout;
        Set<String> formats;
        try {
            configuration = config.load(Map.of());
            List<String> problems = BridgeSettings.keyProblems(configuration);
            if (!problems.isEmpty()) {
                throw new BridgeConfigException(problems);
            }
            layout = BridgeSettings.csvLayout(source, configuration::get);
            formats = PartnerSource.formatsOf(source, configuration::get, OrderFormats.names());
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, PREFIX, err);
        } catch (IllegalArgumentException e) {
            err.println(PREFIX + "configuration error: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (layout.isEmpty()) {
            err.println(PREFIX + "unknown source \"" + source + "\" (known: "
                    + String.join(", ", PartnerSource.names(configuration.keys(PartnerSource.PREFIX))) + ")");
            err.flush();
            return EXIT_USAGE;
        }
        Crosswalk crosswalk = Crosswalk.NONE;
        String crosswalkKey = PartnerSource.PREFIX + source + ".crosswalk";
        try {
            Optional<String> crosswalkFile = configuration.get(crosswalkKey);
            if (crosswalkFile.isPresent()) {
                crosswalk = Crosswalk.load(Path.of(crosswalkFile.get()));
            }
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(new BridgeConfigException(e.problems().stream()
                    .map(problem -> crosswalkKey + ": " + problem).toList()), PREFIX, err);
        }
        // the source's formats, as its pickup reads them: a file of another format is rejected whole there
        OrderFileReader reader = new OrderFileReader(new ReadOptions(layout.get(), crosswalk, formats,
                X12Options.of(PartnerSource.PREFIX + source + ".", configuration::get)));
        AcceptedFormats accepted = new AcceptedFormats(source, formats);
        Tally tally = new Tally();
        for (Path file : files) {
            validate(file, accepted, reader, tally, out);
        }
        out.println(tally);
        out.flush();
        return tally.allValid() ? 0 : EXIT_NOT_ALL_VALID;
    }

    private void validate(Path file, AcceptedFormats accepted, OrderFileReader reader, Tally tally,
                          PrintWriter out) {
        tally.files++;
        try {
            accepted.check(file);
            Envelope envelope = reader.checkReadable(file.toFile());
            try (OrderIterator orders = reader.orders(file.toFile(), envelope)) {
                while (orders.hasNext()) {
                    ParsedOrder parsed = orders.next();
                    check(LogText.of(file) + " " + parsed.position(), parsed, tally, out);
                }
            }
        } catch (UnreadableFileException e) {
            // the engineer checking a file sees what the error file would say, quotes of the file included; escaped,
            // so that the file cannot move the cursor or repaint the terminal
            out.println(LogText.of(file) + ": unreadable: " + LogText.of(e.reason()));
            tally.unreadable++;
        } catch (IOException | UncheckedIOException e) {
            out.println(LogText.of(file) + ": unreadable: cannot read the file: " + LogText.of(e.getMessage()));
            tally.unreadable++;
        }
    }

    private void check(String where, ParsedOrder parsed, Tally tally, PrintWriter out) {
        if (parsed.cancels() && parsed.problems().isEmpty()) {
            // nothing to check offline: whether the order exists is for the running bridge to find out
            out.println(where + ": OK" + LogText.of(" (a cancellation of " + String.join(", ",
                    parsed.externalOrderIds()) + ": voids the order the bridge created for it)"));
            tally.valid++;
            return;
        }
        try {
            admission.admit(parsed);
            // what the crosswalk turned into ids, and what a lookup at Impilo will when the order is sent
            String resolved = parsed.resolved().isEmpty() ? "" : " (crosswalk: " + String.join(", ",
                    parsed.resolved().stream().map(ResolvedReference::toString).toList()) + ")";
            List<String> pending = ReferenceResolver.pending(parsed.order());
            String lookups = pending.isEmpty() ? "" : "; looked up at Impilo when sent: " + String.join(", ", pending);
            out.println(where + ": OK" + LogText.of(resolved + lookups));
            tally.valid++;
        } catch (InvalidOrderException e) {
            e.violations().forEach(violation -> out.println(where + ": " + LogText.of(violation)));
            tally.invalid++;
        }
    }

    /** What the files held, for the summary line and the exit code. */
    private static final class Tally {
        private int files;
        private int valid;
        private int invalid;
        private int unreadable;

        boolean allValid() {
            return invalid == 0 && unreadable == 0;
        }

        @Override
        public String toString() {
            String summary = count(files, "file") + ", " + count(valid + invalid, "order") + ": " + valid + " valid, "
                    + invalid + " invalid";
            return unreadable == 0 ? summary : summary + "; " + count(unreadable, "file") + " unreadable";
        }

        private static String count(int n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }
}
