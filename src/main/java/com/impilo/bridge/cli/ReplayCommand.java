package com.impilo.bridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import com.impilo.bridge.outcome.AskedReplays;
import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.outcome.DataFolders;
import com.impilo.bridge.outcome.DeadLetterReplay;
import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.BridgeSettings;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.settings.PartnerSource;
import com.impilo.bridge.store.DataFolderLock;
import com.impilo.bridge.store.InstanceMembership;
import com.impilo.bridge.store.Instances;
import com.impilo.bridge.store.ReplayRequests;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.text.LogText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replay}: moves dead-lettered orders and files back into the inbox, so that fixing a problem is one command. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Moves dead letters (with their content as it is now: correct them in place first if needed) from"
                + " rejected/ and undelivered/ back into the inbox, where the running bridge picks them up again."
                + " Orders already created are never created twice: the ledger reports them as duplicates.",
            "Each error file is kept in .replayed/ of its folder.",
            "With several instances on one store, --instance or --all-instances asks the instances themselves, from"
                + " any host that reaches the store: each replays the dead letters of its own data folder."},
        footer = {"", "Exit codes: 0 done (also when nothing matched); 2 wrong options or configuration; 5 an"
                + " instance asked did not answer within --wait (its request stays asked: it replays once it runs);"
                + " 1 the state store could not be used."})
public final class ReplayCommand implements Callable<Integer> {

    private static final String PREFIX = "impilo-order-bridge replay: ";
    private static final Duration ANSWER_POLL = Duration.ofMillis(200);

    @Spec
    private CommandSpec spec;

    @Option(names = "--rejected", description = "Replay from rejected/ (default: both folders).")
    private boolean rejected;

    @Option(names = "--undelivered", description = "Replay from undelivered/ (default: both folders).")
    private boolean undelivered;

    @Option(names = "--partner", paramLabel = "NAME", description = "Only dead letters of this partner source.")
    private String partner;

    @Option(names = "--since", paramLabel = "TIME", description = "Only dead letters written at or after this"
            + " ISO-8601 instant, e.g. 2026-11-27T08:00:00Z.")
    private String since;

    @Option(names = "--instance", paramLabel = "NAME", description = "Ask this instance (as `bridge instances` and"
            + " `trace` name it) to replay its own dead letters; may be repeated. Needs the shared store's settings.")
    private List<String> instances = new ArrayList<>();

    @Option(names = "--all-instances", description = "Ask every instance that shares the store.")
    private boolean allInstances;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30", description = "How long to wait for the"
            + " instances' answers (default 30).")
    private int waitSeconds;

    @Mixin
    private DataFolderOptions dataFolder;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Only these dead letters (file names, e.g."
            + " orders.line7.json).")
    private List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (since != null) {
                Instant.parse(since);
            }
        } catch (DateTimeParseException e) {
            err.println(PREFIX + "--since must be an ISO-8601 instant such as 2026-11-27T08:00:00Z, got " + since);
            err.flush();
            return BridgeCommand.EXIT_CONFIG;
        }
        AskedReplays.Ask ask = new AskedReplays.Ask(rejected, undelivered, partner, since, names);
        return allInstances || !instances.isEmpty() ? askInstances(ask) : replayHere(ask);
    }

    private int replayHere(AskedReplays.Ask ask) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        DataFolders folders;
        int retentionDays;
        try {
            Configuration configuration = dataFolder.loadChecked();
            folders = new DataFolders(dataFolder.existingDataFolder(configuration));
            checkPartner(configuration);
            String retention = configuration.get("bridge.audit.retention-days").orElse("").trim();
            if (!retention.matches("\\d{1,6}")) {
                throw new BridgeConfigException(List.of("bridge.audit.retention-days must be a whole number of days,"
                        + " got \"" + retention + "\""));
            }
            retentionDays = Integer.parseInt(retention);
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, PREFIX, spec.commandLine().getErr());
        }
        folders.create();
        AuditTrail audit = new AuditTrail(folders.root().resolve("audit"), retentionDays, Clock.systemUTC());
        List<DeadLetterReplay.Replayed> moved;
        try {
            moved = new DeadLetterReplay(folders, audit).replay(ask.selection(folders));
        } finally {
            audit.stop();
        }
        for (DeadLetterReplay.Replayed replayed : moved) {
            out.println(folders.root().relativize(replayed.from()) + " -> inbox/" + replayed.inboxName()
                    + "   (was: " + replayed.reason() + ")");
        }
        out.println(moved.size() + " dead letter(s) moved back into " + folders.inbox());
        // each file is renamed into the inbox whole, so a running bridge only ever sees complete files
        DataFolderLock.holder(folders.root()).ifPresentOrElse(
                holder -> out.println("a bridge is running on this data folder (" + holder + "): it picks them up"),
                () -> out.println("no bridge is running on this data folder: the next run picks them up"));
        out.flush();
        return 0;
    }

    // A misspelt partner would select nothing and look like nothing to replay: it is a mistake, said as one.
    private void checkPartner(Configuration configuration) throws BridgeConfigException {
        Set<String> known = PartnerSource.names(configuration.keys(PartnerSource.PREFIX));
        if (partner != null && !known.contains(partner)) {
            throw new BridgeConfigException(List.of("--partner " + LogText.of(partner) + ": no source of that name is"
                    + " configured (known: " + String.join(", ", known) + "); dead letters of a source no longer"
                    + " configured are replayed by their file names"));
        }
    }

    // Each instance replays in its own data folder: the request goes through the store, the answer comes back there.
    private int askInstances(AskedReplays.Ask ask) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Configuration configuration;
        String url;
        Duration lease;
        try {
            if (waitSeconds < 0) {
                throw new BridgeConfigException(List.of("--wait must be a number of seconds, 0 or more, got "
                        + waitSeconds));
            }
            configuration = dataFolder.loadChecked();
            checkPartner(configuration);
            url = SharedStore.requiredUrl(configuration, "the store the instances share, to ask them for a replay");
            lease = BridgeSettings.instanceLease(configuration);
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, PREFIX, err);
        }
        return SharedStore.attached(configuration, url, PREFIX, out, err, store -> ask(store, ask, lease, out));
    }

    // Asks each instance, then waits for their answers: exit 0 once all answered, 5 when some did not in time.
    private int ask(StateStore store, AskedReplays.Ask ask, Duration lease, PrintWriter out)
            throws BridgeConfigException, InterruptedException {
        Clock clock = Clock.systemUTC();
        List<Instances.Instance> known = new Instances(store.dataSource(), "", clock).all();
        List<Instances.Instance> asked = new ArrayList<>();
        for (String name : allInstances ? known.stream().map(Instances.Instance::name).toList() : instances) {
            Optional<Instances.Instance> found = known.stream().filter(i -> i.name().equals(name)).findFirst();
            if (found.isEmpty()) {
                throw new BridgeConfigException(List.of("no instance named " + LogText.of(name) + " shares this"
                        + " store; those that do: " + String.join(", ", known.stream()
                        .map(Instances.Instance::name).toList()) + " (see `bridge instances`)"));
            }
            asked.add(found.get());
        }
        ReplayRequests requests = new ReplayRequests(store.dataSource(), clock);
        String askedBy = System.getProperty("user.name", "someone") + "@" + InstanceMembership.hostName();
        Map<String, Instances.Instance> waiting = new LinkedHashMap<>();
        for (Instances.Instance instance : asked) {
            boolean alive = instance.aliveAt(clock.instant(), lease);
            waiting.put(requests.ask(instance.name(), askedBy, ask.toJson()), instance);
            out.println("asked instance " + instance.name() + " (host " + instance.host() + ", data folder "
                    + instance.dataDir() + ")" + (alive ? "" : ": it is not running (last seen "
                    + instance.seenAt() + "); it replays once it starts"));
        }
        out.flush();
        Instant deadline = clock.instant().plusSeconds(waitSeconds);
        while (!waiting.isEmpty()) {
            for (String id : List.copyOf(waiting.keySet())) {
                Optional<String> answer = requests.find(id).flatMap(ReplayRequests.Request::answer);
                if (answer.isPresent()) {
                    print(out, waiting.remove(id), AskedReplays.Answer.fromJson(answer.get()));
                }
            }
            if (waiting.isEmpty() || !clock.instant().isBefore(deadline)) {
                break;
            }
            Thread.sleep(ANSWER_POLL.toMillis());
        }
        for (Instances.Instance silent : waiting.values()) {
            out.println(silent.name() + ": no answer within " + waitSeconds + " s; the request stays asked and"
                    + " the instance replays once it runs (`bridge trace` shows the replayed events)");
        }
        return waiting.isEmpty() ? 0 : BridgeCommand.EXIT_UNREACHABLE;
    }

    private static void print(PrintWriter out, Instances.Instance instance, AskedReplays.Answer answer) {
        if (answer.error() != null) {
            out.println(instance.name() + ": " + answer.error());
            return;
        }
        for (AskedReplays.Moved moved : answer.moved()) {
            out.println(instance.name() + ": " + moved.from() + " -> inbox/" + moved.inboxName() + "   (was: "
                    + moved.reason() + ")");
        }
        out.println(instance.name() + ": " + answer.moved().size() + " dead letter(s) moved back into its inbox, which"
                + " it picks up");
    }
}
