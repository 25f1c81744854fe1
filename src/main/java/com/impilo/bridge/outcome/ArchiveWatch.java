package com.impilo.bridge.outcome;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each local file for a while after it was moved to {@code done/}: a writer that still had it open goes on
 * writing into the moved file (a rename keeps it open), so a file that grows there is moved back to the folder it
 * came from and read again. The ledger keeps the orders already created from being sent twice; the new lines are
 * created. The folder is watched through the operating system's change notifications, so that following thousands
 * of files costs nothing while they stay as they are.
 */
public final class ArchiveWatch extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWatch.class);

    /** A file in done/, as it was when it was read, and where it goes back to if it grows. */
    private record Watched(long size, long modifiedMillis, Path backTo, String name, String source, Instant until) {
    }

    private final Path done;
    private final Map<Path, Watched> watched = new ConcurrentHashMap<>();
    private final Duration period;
    private final Clock clock;
    private WatchService changes;
    private Thread watcher;

    /**
     * @param done   the folder files are moved to once read
     * @param period how long a file is followed after it was moved; zero follows none
     */
    public ArchiveWatch(Path done, Duration period, Clock clock) {
        this.done = done;
        this.period = period;
        this.clock = clock;
    }

    /**
     * Follows {@code archived}, read at this size and modification time, which came from {@code backTo} under
     * {@code name}. Called before the file is moved there, so that no change is missed.
     */
    void follow(Path archived, long size, long modifiedMillis, Path backTo, String name, String source) {
        if (!period.isZero()) {
            watched.put(archived.getFileName(), new Watched(size, modifiedMillis, backTo, name, source,
                    Instant.now(clock).plus(period)));
        }
    }

    @Override
    protected void doStart() throws IOException {
        if (period.isZero()) {
            return;
        }
        changes = FileSystems.getDefault().newWatchService();
        // moved in (a change between the last look and the move shows then) and written to
        done.register(changes, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        watcher = new Thread(this::watch, "bridge-archive-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    protected void doStop() throws IOException {
        if (changes != null) {
            changes.close();
        }
    }

    private void watch() {
        Instant nextSweep = Instant.now(clock).plus(Duration.ofMinutes(1));
        try {
            while (true) {
                WatchKey key = changes.poll(10, TimeUnit.SECONDS);
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.context() instanceof Path name) {
                            changed(name);
                        } else {
                            // events were lost: every followed file is looked at
                            watched.keySet().forEach(this::changed);
                        }
                    }
                    key.reset();
                }
                if (Instant.now(clock).isAfter(nextSweep)) {
                    Instant now = Instant.now(clock);
                    watched.values().removeIf(file -> now.isAfter(file.until()));
                    nextSweep = now.plus(Duration.ofMinutes(1));
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void changed(Path name) {
        Watched file = watched.get(name);
        if (file == null) {
            return;
        }
        Path archived = done.resolve(name);
        try {
            if (Instant.now(clock).isAfter(file.until())) {
                watched.remove(name);
            } else if (Files.size(archived) != file.size()
                    || Files.getLastModifiedTime(archived).toMillis() != file.modifiedMillis()) {
                watched.remove(name);
                moveBack(archived, file);
            }
        } catch (NoSuchFileException gone) {
            watched.remove(name);
        } catch (IOException e) {
            watched.remove(name);
            LOG.warn("cannot follow {} after it was read: {}", LogText.of(archived), LogText.of(e.getMessage()));
        }
    }

    private static void moveBack(Path archived, Watched file) throws IOException {
        // under its own name again: the next read's receipt and archive get free names in done/
        String name = DataFolders.freeName(file.backTo(), file.name());
        Files.move(archived, file.backTo().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        LOG.warn("file grew after it was read: source={} file={}: a writer still had it open; moved back from done/"
                + " to be read again (orders already created are not sent twice)", file.source(), LogText.of(name));
    }
}
