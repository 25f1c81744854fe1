package com.impilo.bridge.outcome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.throttling.ThrottlingExceptionRoutePolicy;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks before each file that the data folder can take its outcomes (writable, enough free space); when it cannot,
 * pickup pauses with the file untouched at its source, and resumes by itself once the folder is usable again.
 */
public final class DataFolderGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolderGuard.class);

    private final DataFolders folders;
    private final long minFreeBytes;
    private final long recheckMillis;
    private final ToLongFunction<Path> usableSpace;
    private final Runnable onUnavailableInOnceMode;
    private final AtomicBoolean unavailable = new AtomicBoolean();

    /**
     * @param usableSpace             bytes free for this process at a path (the file store's usable space)
     * @param onUnavailableInOnceMode called when the folder is unusable during a {@code --once} run, which then ends;
     *                                null when running continuously
     */
    public DataFolderGuard(DataFolders folders, long minFreeBytes, long recheckMillis, ToLongFunction<Path> usableSpace,
                           Runnable onUnavailableInOnceMode) {
        this.folders = folders;
        this.minFreeBytes = minFreeBytes;
        this.recheckMillis = recheckMillis;
        this.usableSpace = usableSpace;
        this.onUnavailableInOnceMode = onUnavailableInOnceMode;
    }

    /** The usable space of the file store that holds {@code path}. */
    public static long usableSpaceOf(Path path) {
        // one statvfs call, 0 when it fails: Files.getFileStore would read and parse the machine's whole mount table
        // first, at every file picked up
        return path.toFile().getUsableSpace();
    }

    /** Throws, naming the folder and why, when an outcome could not be written now. */
    public void check() throws DataFolderUnavailableException {
        Optional<String> problem = problem();
        if (problem.isEmpty()) {
            return;
        }
        if (unavailable.compareAndSet(false, true)) {
            LOG.error("THE DATA FOLDER CANNOT TAKE OUTCOMES: {}. Pickup is paused and files stay at their sources; the"
                    + " bridge checks again every {} s and resumes by itself.", LogText.of(problem.get()), recheckMillis / 1000);
        }
        if (onUnavailableInOnceMode != null) {
            onUnavailableInOnceMode.run();
        }
        throw new DataFolderUnavailableException(problem.get());
    }

    /** The route policy for pickup routes: pauses on the first file stopped by this guard, resumes once usable. */
    public RoutePolicy pickupPolicy() {
        ThrottlingExceptionRoutePolicy policy = new ThrottlingExceptionRoutePolicy(1, Long.MAX_VALUE, recheckMillis,
                List.of(DataFolderUnavailableException.class));
        policy.setHalfOpenHandler(this::usable);
        return policy;
    }

    /** True when the data folder can take outcomes again. */
    public boolean usable() {
        Optional<String> problem = problem();
        if (problem.isEmpty() && unavailable.compareAndSet(true, false)) {
            LOG.warn("the data folder can take outcomes again: pickup resumes");
        } else if (problem.isPresent()) {
            LOG.error("the data folder still cannot take outcomes ({}): pickup stays paused", LogText.of(problem.get()));
        }
        return problem.isEmpty();
    }

    /** Why the data folder cannot take outcomes now, if it cannot; no log, no change of the guard's state. */
    public Optional<String> problem() {
        for (Path folder : List.of(folders.done(), folders.rejected(), folders.undelivered())) {
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                return Optional.of("its " + folder.getFileName() + " folder (" + folder.toAbsolutePath()
                        + ") is not a writable folder");
            }
        }
        long free = usableSpace.applyAsLong(folders.root());
        if (free < minFreeBytes) {
            return Optional.of("only " + free / (1024 * 1024) + " MB free in " + folders.root().toAbsolutePath() + ", less than the "
                    + minFreeBytes / (1024 * 1024) + " MB that bridge.data.min-free-mb asks for");
        }
        return Optional.empty();
    }
}
