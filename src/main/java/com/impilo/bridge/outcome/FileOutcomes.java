package com.impilo.bridge.outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.impilo.bridge.api.ApiKeyRefusedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes each partner file's journey: the receipt in {@code done/}, or the whole file in
 * {@code rejected/} (unreadable) or {@code undelivered/} (an unexpected failure) with its error file. A file downloaded
 * from a remote source is archived locally the same way, and its remote original is sent to its remote folder.
 */
public final class FileOutcomes {

    /** Exchange property read by a local folder endpoint's {@code move} option: the file's absolute archive path. */
    public static final String ARCHIVE = "bridgeArchive";
    /** Exchange property read by a remote endpoint's {@code move} option: the remote path, relative to its folder. */
    public static final String REMOTE_ARCHIVE = "bridgeRemoteArchive";
    /** Exchange property: the name of the source the file came from. */
    public static final String SOURCE = "bridgeSource";

    private static final Logger LOG = LoggerFactory.getLogger(FileOutcomes.class);

    private final DataFolders folders;
    private final RunStats stats;
    private final Clock clock;
    private final Map<String, RemoteFolders> remoteFolders;
    private final ProgressLog progress;
    private final ArchiveWatch archiveWatch;

    /**
     * @param remoteFolders per remote source that moves its files after processing: the remote folders they go to
     * @param archiveWatch  follows local files after they were moved to done/, in case a writer still had them open
     */
    public FileOutcomes(DataFolders folders, RunStats stats, Clock clock, Map<String, RemoteFolders> remoteFolders,
                        ProgressLog progress, ArchiveWatch archiveWatch) {
        this.folders = folders;
        this.stats = stats;
        this.clock = clock;
        this.remoteFolders = Map.copyOf(remoteFolders);
        this.progress = progress;
        this.archiveWatch = archiveWatch;
    }

    /** A file was picked up: starts its receipt. */
    public void open(Exchange exchange, String source) {
        exchange.setProperty(SOURCE, source);
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        // one partial receipt per source: two sources may deliver files of the same name at the same time
        Path partial = folders.done().resolve("." + DataFolders.fitted(source + "." + fileName) + ".receipt.json.part");
        FileRun run = new FileRun(source, fileName, Instant.now(clock), partial);
        Message message = exchange.getMessage();
        if (message.getHeader(Exchange.FILE_LOCAL_WORK_PATH) == null && message.getHeader(Exchange.FILE_PATH) != null) {
            // a local file: what was read, so that a file that grows afterwards is read again rather than lost
            run.pickedUp(Path.of(message.getHeader(Exchange.FILE_PATH, String.class)),
                    message.getHeader(Exchange.FILE_LENGTH, -1L, Long.class),
                    message.getHeader(Exchange.FILE_LAST_MODIFIED, -1L, Long.class));
        }
        exchange.setProperty(OrderOutcomes.FILE_RUN, run);
        progress.started(run);
        LOG.info("file picked up: source={} file={}", source, fileName);
    }

    /**
     * Every order of the file has its outcome: the receipt is published and the file goes to {@code done/}, unless it
     * changed while it was read.
     *
     * @throws FileGrewException when the local file is no longer as it was picked up: it is left to be read again
     */
    public void complete(Exchange exchange) throws FileGrewException {
        FileRun run = exchange.getProperty(OrderOutcomes.FILE_RUN, FileRun.class);
        checkUnchanged(run);
        String archived = DataFolders.claimName(folders.done(), run.fileName(), name -> {
            run.receipt().publish(folders.done().resolve(name + ".receipt.json"), Instant.now(clock));
            archive(exchange, folders.done().resolve(name));
        });
        if (run.pickedUpFile() != null) {
            archiveWatch.follow(folders.done().resolve(archived), run.pickedUpSize(), run.pickedUpModified(),
                    run.pickedUpFile().getParent(), run.pickedUpFile().getFileName().toString(), run.source());
        }
        remoteArchive(exchange, run.source(), run.fileName(), true);
        progress.ended(run);
        stats.fileDone();
        Map<OrderResult.Outcome, Integer> counts = run.counts();
        int notShown = run.warnings() - OrderLog.WARNINGS_PER_FILE;
        LOG.info("file done: source={} file={} created={} duplicates={} rejected={} undelivered={} -> done/{}{}",
                run.source(), run.fileName(), counts.get(OrderResult.Outcome.created),
                counts.get(OrderResult.Outcome.duplicate), counts.get(OrderResult.Outcome.rejected),
                counts.get(OrderResult.Outcome.undelivered), archived, notShown <= 0 ? ""
                        : " (" + notShown + " more dead letters than the warnings above show: the receipt lists all)");
    }

    /**
     * The file changed while it was read: its partial receipt is dropped and it stays where it is, to be read again
     * once it has settled.
     */
    public void readAgain(Exchange exchange) {
        FileRun run = exchange.getProperty(OrderOutcomes.FILE_RUN, FileRun.class);
        if (run != null) {
            run.receipt().close();
            progress.ended(run);
        }
        LOG.warn("file changed while it was read: source={} file={}: it stays to be read again once it settles"
                + " (orders already created are not sent twice)", run != null ? run.source() : null,
                exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY));
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

    /** Fails the file when a refused API key stopped it, so that it stays at its source and pickup pauses. */
    public void checkNotStopped(Exchange exchange) throws ApiKeyRefusedException {
        FileRun run = exchange.getProperty(OrderOutcomes.FILE_RUN, FileRun.class);
        if (run.stoppedByRefusedApiKey()) {
            throw new ApiKeyRefusedException(run.fileName());
        }
    }

    /**
     * The file was stopped by a refused API key: its unfinished receipt is dropped and the file stays at its source,
     * untouched (an SFTP file is neither moved nor recorded as processed), to be read again from the start once the
     * key works (orders already created are then skipped).
     */
    public void abandon(Exchange exchange) {
        FileRun run = exchange.getProperty(OrderOutcomes.FILE_RUN, FileRun.class);
        if (run != null) {
            run.receipt().close();
            progress.ended(run);
        }
        stats.apiKeyRefused();
        LOG.warn("file left at its source until the API key works: source={} file={}",
                run != null ? run.source() : null, exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY));
    }

    /** The data folder cannot take the file's outcomes now: the file stays at its source for after the pause. */
    public void leaveAtSource(Exchange exchange) {
        stats.dataFolderUnavailable();
        LOG.warn("file left at its source until the data folder can take outcomes: route={} file={}",
                exchange.getFromRouteId(), exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY));
    }

    /** The file cannot be read as orders: it goes to {@code rejected/} as it is, with its error. */
    public void rejectFile(Exchange exchange) {
        deadLetterFile(exchange, folders.rejected(), "unreadable-file", "the file cannot be read as orders: ");
    }

    /** Something unexpected stopped the file: it goes to {@code undelivered/} as it is, to be replayed. */
    public void failFile(Exchange exchange) {
        deadLetterFile(exchange, folders.undelivered(), "file-failed", "the file could not be processed: ");
    }

    private void deadLetterFile(Exchange exchange, Path dir, String category, String prefix) {
        FileRun run = exchange.getProperty(OrderOutcomes.FILE_RUN, FileRun.class);
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (run != null) {
            run.receipt().close();
            progress.ended(run);
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = failure == null ? "unknown failure" : failure.getMessage();
        String source = exchange.getProperty(SOURCE, String.class);
        String name = DataFolders.claimName(dir, fileName, free -> {
            DeadLetters.writeError(dir, free, new ErrorRecord(prefix + message, category, null, null, null, null,
                    source, fileName, null, null, null, null, Instant.now(clock).toString(), null));
            archive(exchange, dir.resolve(free));
        });
        remoteArchive(exchange, source, fileName, false);
        stats.fileRejected();
        LOG.warn("file {}: source={} file={}: {} -> {}/{}", dir.getFileName(), source, fileName, message,
                dir.getFileName(), name);
    }

    /**
     * Where the file goes locally. A folder source's endpoint moves it there after the exchange; a downloaded copy is
     * moved now, because Camel deletes the work copy once the exchange is done.
     */
    private static void archive(Exchange exchange, Path target) {
        exchange.setProperty(ARCHIVE, target.toString());
        String workCopy = exchange.getMessage().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        if (workCopy != null) {
            try {
                Files.move(Path.of(workCopy), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot archive the downloaded file as " + target + ": " + e.getMessage(), e);
            }
        }
    }

    // Only the remote file's own name: the remote folders are relative to the source's path.
    private void remoteArchive(Exchange exchange, String source, String fileName, boolean processed) {
        RemoteFolders remote = source == null ? null : remoteFolders.get(source);
        if (remote != null) {
            exchange.setProperty(REMOTE_ARCHIVE, (processed ? remote.done() : remote.rejected()) + "/" + fileName);
        }
    }
}
