package com.impilo.bridge.outcome;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.impilo.bridge.api.ApiKeyRefusedException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes each partner file's journey: the receipt in {@code done/}, or the whole file in
 * {@code rejected/} (unreadable) or {@code undelivered/} (an unexpected failure) with its error file.
 */
public final class FileOutcomes {

    /** Exchange property read by the file endpoint's {@code move} option: where the file goes, relative to the inbox. */
    public static final String ARCHIVE = "bridgeArchive";

    private static final Logger LOG = LoggerFactory.getLogger(FileOutcomes.class);

    private final DataFolders folders;
    private final RunStats stats;
    private final Clock clock;

    public FileOutcomes(DataFolders folders, RunStats stats, Clock clock) {
        this.folders = folders;
        this.stats = stats;
        this.clock = clock;
    }

    /** A file was picked up: starts its receipt. */
    public void open(Exchange exchange, String source) {
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path partial = folders.done().resolve("." + DataFolders.fitted(fileName) + ".receipt.json.part");
        FileRun run = new FileRun(source, fileName, Instant.now(clock), partial);
        exchange.setProperty(OrderOutcomes.FILE_RUN, run);
        LOG.info("file picked up: source={} file={}", source, fileName);
    }

    /** Every order of the file has its outcome: the receipt is published and the file goes to {@code done/}. */
    public void complete(Exchange exchange) {
        FileRun run = exchange.getProperty(OrderOutcomes.FILE_RUN, FileRun.class);
        String archived = DataFolders.freeName(folders.done(), run.fileName());
        run.receipt().publish(folders.done().resolve(archived + ".receipt.json"), Instant.now(clock));
        exchange.setProperty(ARCHIVE, "../" + folders.done().getFileName() + "/" + archived);
        stats.fileDone();
        Map<OrderResult.Outcome, Integer> counts = run.counts();
        LOG.info("file done: source={} file={} created={} duplicates={} rejected={} undelivered={} -> done/{}",
                run.source(), run.fileName(), counts.get(OrderResult.Outcome.created),
                counts.get(OrderResult.Outcome.duplicate), counts.get(OrderResult.Outcome.rejected),
                counts.get(OrderResult.Outcome.undelivered), archived);
    }

    /** Fails the file when a refused API key stopped it, so that it stays in the inbox and pickup pauses. */
    public void checkNotStopped(Exchange exchange) throws ApiKeyRefusedException {
        FileRun run = exchange.getProperty(OrderOutcomes.FILE_RUN, FileRun.class);
        if (run.stoppedByRefusedApiKey()) {
            throw new ApiKeyRefusedException(run.fileName());
        }
    }

    /**
     * The file was stopped by a refused API key: its unfinished receipt is dropped and the file stays in the inbox,
     * untouched, to be read again from the start once the key works (orders already created are then skipped).
     */
    public void abandon(Exchange exchange) {
        FileRun run = exchange.getProperty(OrderOutcomes.FILE_RUN, FileRun.class);
        if (run != null) {
            run.receipt().close();
        }
        stats.apiKeyRefused();
        LOG.warn("file left in the inbox until the API key works: source={} file={}",
                run != null ? run.source() : null, exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY));
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
        String source = run != null ? run.source() : null;
        if (run != null) {
            run.receipt().close();
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = failure == null ? "unknown failure" : failure.getMessage();
        String name = DataFolders.freeName(dir, fileName);
        DeadLetters.writeError(dir, name, new ErrorRecord(prefix + message, category, null, null, null, null, source,
                fileName, null, null, null, Instant.now(clock).toString(), null));
        exchange.setProperty(ARCHIVE, "../" + dir.getFileName() + "/" + name);
        stats.fileRejected();
        LOG.warn("file {}: source={} file={}: {} -> {}/{}", dir.getFileName(), source, fileName, message,
                dir.getFileName(), name);
    }
}
