package com.impilo.bridge.outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.StoreUnavailableException;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes each partner file's journey: the receipt in {@code done/}, or the whole file in
 * {@code rejected/} (unreadable) or {@code undelivered/} (an unexpected failure) with its error file. A file downloaded
 * from a remote source is archived locally the same way, and its remote original is sent to its remote folder.
 */
public final class FileOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(FileOutcomes.class);

    private final DataFolders folders;
    private final RunStats stats;
    private final Clock clock;
    private final Map<String, RemoteFolders> remoteFolders;
    private final ProgressLog progress;
    private final ArchiveWatch archiveWatch;
    private final PartnerReplies replies;
    private final OrderLedger ledger;

    /**
     * @param remoteFolders per remote source that moves its files after processing: the remote folders they go to
     * @param archiveWatch  follows local files after they were moved to done/, in case a writer still had them open
     * @param replies       what partners are answered about whole files: X12's acknowledgments
     * @param ledger        where a file's orders are committed before it is done
     */
    public FileOutcomes(DataFolders folders, RunStats stats, Clock clock, Map<String, RemoteFolders> remoteFolders,
                        ProgressLog progress, ArchiveWatch archiveWatch, PartnerReplies replies, OrderLedger ledger) {
        this.folders = folders;
        this.stats = stats;
        this.clock = clock;
        this.remoteFolders = Map.copyOf(remoteFolders);
        this.progress = progress;
        this.archiveWatch = archiveWatch;
        this.replies = replies;
        this.ledger = ledger;
    }

    /** The file was checked whole: one that must not be read (an X12 interchange taken before) is refused now. */
    public void checked(FileRun run) throws UnreadableFileException {
        replies.checkNew(run);
    }

    /** A file was picked up: starts its receipt. */
    public FileRun open(PickedFile file) {
        // one partial receipt per source: two sources may deliver files of the same name at the same time
        Path partial = folders.done().resolve("." + DataFolders.fitted(file.source() + "." + file.fileName())
                + ".receipt.json.part");
        FileRun run = new FileRun(file.source(), file.fileName(), Instant.now(clock), partial);
        if (file.localFile() != null) {
            // a local file: what was read, so that a file that grows afterwards is read again rather than lost
            run.pickedUp(file.localFile(), file.size(), file.modified());
        }
        progress.started(run);
        LOG.info("file picked up: source={} file={}", file.source(), LogText.of(file.fileName()));
        return run;
    }

    /**
     * Every order of the file has its outcome: the receipt is published and the file goes to {@code done/}, unless it
     * changed while it was read.
     *
     * @throws FileGrewException when the local file is no longer as it was picked up: it is left to be read again
     */
    public FileArchive complete(FileRun run, PickedFile file) throws FileGrewException {
        // the creations the ledger held back for its next commit: on disk before the receipt says created
        ledger.flush();
        checkUnchanged(run);
        Path[] target = new Path[1];
        String archived = DataFolders.claimName(folders.done(), run.fileName(), name -> {
            run.receipt().publish(folders.done().resolve(name + ".receipt.json"), Instant.now(clock));
            target[0] = archive(file, folders.done().resolve(name));
        });
        if (run.pickedUpFile() != null) {
            archiveWatch.follow(folders.done().resolve(archived), run.pickedUpSize(), run.pickedUpModified(),
                    run.pickedUpFile().getParent(), run.pickedUpFile().getFileName().toString(), run.source());
        }
        progress.ended(run);
        stats.fileDone();
        replies.done(run);
        Map<OrderResult.Outcome, Integer> counts = run.counts();
        int notShown = run.warnings() - OrderLog.WARNINGS_PER_FILE;
        LOG.info("file done: source={} file={} created={} duplicates={} rejected={} undelivered={} -> done/{}{}",
                run.source(), LogText.of(run.fileName()), counts.get(OrderResult.Outcome.created),
                counts.get(OrderResult.Outcome.duplicate), counts.get(OrderResult.Outcome.rejected),
                counts.get(OrderResult.Outcome.undelivered), LogText.of(archived), notShown <= 0 ? ""
                        : " (" + notShown + " more dead letters than the warnings above show: the receipt lists all)");
        return new FileArchive(target[0].toString(), remoteArchive(run.source(), run.fileName(), true));
    }

    /**
     * The file changed while it was read: its partial receipt is dropped and it stays where it is, to be read again
     * once it has settled.
     */
    public void readAgain(FileRun run, String source, String fileName) {
        commitCreations();
        if (run != null) {
            run.discard();
            progress.ended(run);
        }
        LOG.warn("file changed while it was read: source={} file={}: it stays to be read again once it settles"
                + " (orders already created are not sent twice)", source, LogText.of(fileName));
    }

    // A file that ends other than done may have had orders created: their creations, held back by the ledger for its
    // next commit, are committed now if the store takes them. If it does not (the store is why the file stopped),
    // they wait for the next commit; a process killed before that leaves those orders in flight, and their next
    // attempt finds them at Impilo by their stamps.
    private void commitCreations() {
        try {
            ledger.flush();
        } catch (OrderLedger.LedgerException e) {
            LOG.debug("created orders wait for the ledger's next commit: {}", LogText.of(e.getMessage()));
        }
    }

    private static void checkUnchanged(FileRun run) throws FileGrewException {
        Path file = run.pickedUpFile();
        if (file == null) {
            return;
        }
        try {
            if (Files.size(file) != run.pickedUpSize()
                    || Files.getLastModifiedTime(file).toMillis() != run.pickedUpModified()) {
                throw new FileGrewException(file + " changed while it was read");
            }
        } catch (IOException e) {
            throw new FileGrewException(file + " cannot be looked at again: " + e.getMessage());
        }
    }

    /**
     * Fails the file when it was stopped (a refused API key, a state store that cannot be reached), so that it stays at
     * its source and pickup pauses.
     */
    public void checkNotStopped(FileRun run, String storeUnavailable) throws ApiKeyRefusedException,
            StoreUnavailableException {
        if (run.stopped() == FileRun.Stop.API_KEY_REFUSED) {
            throw new ApiKeyRefusedException(run.fileName());
        }
        if (run.stopped() == FileRun.Stop.STORE_UNREACHABLE) {
            throw new StoreUnavailableException(storeUnavailable, null);
        }
    }

    /**
     * The file was stopped by a refused API key or a state store that cannot be reached: its unfinished receipt is
     * dropped and the file stays at its source, untouched (an SFTP file is neither moved nor recorded as processed), to
     * be read again from the start once the pause ends (orders already created are then skipped).
     */
    public void abandon(FileRun run, String source, String fileName, FileRun.Stop why) {
        commitCreations();
        if (run != null) {
            run.discard();
            progress.ended(run);
        }
        stats.stopped(why);
        LOG.warn("file left at its source until {}: source={} file={}", why == FileRun.Stop.API_KEY_REFUSED
                ? "the API key works" : "the state store answers", source, LogText.of(fileName));
    }

    /** The data folder cannot take the file's outcomes now: the file stays at its source for after the pause. */
    public void leaveAtSource(String route, String fileName) {
        stats.dataFolderUnavailable();
        LOG.warn("file left at its source until the data folder can take outcomes: route={} file={}", route,
                LogText.of(fileName));
    }

    /**
     * The file cannot be read as orders: it goes to {@code rejected/} as it is, with its error. The error file says the
     * problem in full, quoting the file where that helps; the log line says it without the quote.
     */
    public FileArchive rejectFile(FileRun run, PickedFile file, UnreadableFileException problem) {
        String prefix = "the file cannot be read as orders: ";
        FileArchive archive = deadLetterFile(run, file, folders.rejected(), "unreadable-file",
                prefix + problem.getMessage(), prefix + problem.reason());
        replies.rejected(file.source(), problem);
        return archive;
    }

    /** A poll of a source failed without a file in hand (the idle poll of a --once run): there is nothing to move. */
    public void pollFailed(String route, String why) {
        LOG.warn("a poll failed without a file: route={}: {}", route, LogText.of(why));
    }

    /** Something unexpected stopped the file: it goes to {@code undelivered/} as it is, to be replayed. */
    public FileArchive failFile(FileRun run, PickedFile file, String why) {
        String reason = "the file could not be processed: " + why;
        return deadLetterFile(run, file, folders.undelivered(), "file-failed", reason, reason);
    }

    private FileArchive deadLetterFile(FileRun run, PickedFile file, Path dir, String category, String logReason,
                                       String reason) {
        commitCreations();
        if (run != null) {
            run.discard();
            progress.ended(run);
        }
        Path[] target = new Path[1];
        String name = DataFolders.claimName(dir, file.fileName(), free -> {
            DeadLetters.writeError(dir, free, new ErrorRecord(reason, category, null, null, null, null,
                    file.source(), file.fileName(), null, null, null, null, Instant.now(clock).toString(), null, null));
            target[0] = archive(file, dir.resolve(free));
        });
        stats.fileRejected();
        LOG.warn("file {}: source={} file={}: {} -> {}/{}", dir.getFileName(), file.source(),
                LogText.of(file.fileName()), LogText.of(logReason), dir.getFileName(), LogText.of(name));
        return new FileArchive(target[0].toString(), remoteArchive(file.source(), file.fileName(), false));
    }

    /**
     * Where the file goes locally. A folder source's endpoint moves it there after the exchange; a downloaded copy is
     * moved now, because Camel deletes the work copy once the exchange is done.
     */
    private static Path archive(PickedFile file, Path target) {
        if (file.workCopy() != null) {
            try {
                Files.move(file.workCopy(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot archive the downloaded file as " + target + ": " + e.getMessage(), e);
            }
        }
        return target;
    }

    // Only the remote file's own name: the remote folders are relative to the source's path.
    private String remoteArchive(String source, String fileName, boolean processed) {
        RemoteFolders remote = source == null ? null : remoteFolders.get(source);
        return remote == null ? null : (processed ? remote.done() : remote.rejected()) + "/" + fileName;
    }
}
