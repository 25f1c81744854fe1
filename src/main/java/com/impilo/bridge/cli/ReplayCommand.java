package com.impilo.bridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.outcome.AuditTrail;
import com.impilo.bridge.outcome.DataFolders;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.store.DataFolderLock;
import com.impilo.bridge.outcome.DeadLetterReplay;
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
            "Each error file is kept in .replayed/ of its folder."},
        footer = {"", "Exit codes: 0 done (also when nothing matched); 2 wrong options or configuration."})
public final class ReplayCommand implements Callable<Integer> {

    private static final String PREFIX = "impilo-order-bridge replay: ";

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

    @Mixin
    private DataFolderOptions dataFolder;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Only these dead letters (file names, e.g."
            + " orders.line7.json).")
    private List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Instant> from;
        DataFolders folders;
        int retentionDays;
        try {
            from = since == null ? Optional.empty() : Optional.of(Instant.parse(since));
            Configuration configuration = dataFolder.loadChecked();
            folders = new DataFolders(dataFolder.existingDataFolder(configuration));
            String retention = configuration.get("bridge.audit.retention-days").orElse("").trim();
            if (!retention.matches("\\d{1,6}")) {
                throw new BridgeConfigException(List.of("bridge.audit.retention-days must be a whole number of days,"
                        + " got \"" + retention + "\""));
            }
            retentionDays = Integer.parseInt(retention);
        } catch (DateTimeParseException e) {
            err.println(PREFIX + "--since must be an ISO-8601 instant such as 2026-11-27T08:00:00Z, got " + since);
            err.flush();
            return 2;
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, PREFIX, err);
        }
        List<Path> sources = new ArrayList<>();
        if (rejected || !undelivered) {
            sources.add(folders.rejected());
        }
        if (undelivered || !rejected) {
            sources.add(folders.undelivered());
        }
        folders.create();
        AuditTrail audit = new AuditTrail(folders.root().resolve("audit"), retentionDays, Clock.systemUTC());
        List<DeadLetterReplay.Replayed> moved;
        try {
            moved = new DeadLetterReplay(folders, audit).replay(
                    new DeadLetterReplay.Selection(sources, Optional.ofNullable(partner), from, names));
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
}
