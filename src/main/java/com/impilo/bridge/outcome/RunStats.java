package com.impilo.bridge.outcome;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of what this run did, for the summary and the exit code of {@code --once}. */
public final class RunStats {

    private final AtomicLong created = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesRejected = new AtomicLong();
    private final AtomicLong filesStoppedByApiKey = new AtomicLong();
    private final AtomicLong filesStoppedByDataFolder = new AtomicLong();
    private final AtomicLong filesStoppedByStore = new AtomicLong();
    private final List<String> notReached = new CopyOnWriteArrayList<>();
    // "<source>: <file>" of each file the pickup could not take by its name, and why
    private final Map<String, String> leftAtSource = new ConcurrentSkipListMap<>();

    void count(OrderResult.Outcome outcome) {
        switch (outcome) {
            case created -> created.incrementAndGet();
            case duplicate -> duplicates.incrementAndGet();
            case rejected -> rejected.incrementAndGet();
            case undelivered -> undelivered.incrementAndGet();
            case cancelled -> cancelled.incrementAndGet();
        }
    }

    void fileDone() {
        filesDone.incrementAndGet();
    }

    void fileRejected() {
        filesRejected.incrementAndGet();
    }

    void stopped(FileRun.Stop why) {
        (why == FileRun.Stop.API_KEY_REFUSED ? filesStoppedByApiKey : filesStoppedByStore).incrementAndGet();
    }

    void dataFolderUnavailable() {
        filesStoppedByDataFolder.incrementAndGet();
    }

    /** The API or a source could not be reached, so that files were left where they are: why. */
    public void notReached(String reason) {
        notReached.add(reason);
    }

    /** A file the pickup cannot take by its name stays at its source: it has no outcome, so the run is not clean. */
    public void leftAtSource(String source, String file, String why) {
        leftAtSource.put(source + ": " + file, why);
    }

    /** True when the API or some source could not be reached in this run (its files are where they were). */
    public boolean somethingNotReached() {
        return !notReached.isEmpty();
    }

    /** The orders this run created. */
    public long created() {
        return created.get();
    }

    /** True when every order of every file was created (or was already created before). */
    public boolean allDelivered() {
        return rejected.get() == 0 && undelivered.get() == 0 && filesRejected.get() == 0
                && filesStoppedByApiKey.get() == 0 && filesStoppedByDataFolder.get() == 0 && filesStoppedByStore.get() == 0
                && leftAtSource.isEmpty();
    }

    @Override
    public String toString() {
        String summary = String.format("%d file(s) processed, %d file(s) rejected whole; orders: %d created,"
                        + " %d duplicate(s) skipped, %d rejected, %d undelivered",
                filesDone.get(), filesRejected.get(), created.get(), duplicates.get(), rejected.get(), undelivered.get());
        if (filesStoppedByApiKey.get() > 0) {
            summary += "; THE API KEY WAS REFUSED: files were left at their sources";
        }
        if (filesStoppedByDataFolder.get() > 0) {
            summary += "; THE DATA FOLDER COULD NOT TAKE OUTCOMES: files were left at their sources";
        }
        if (filesStoppedByStore.get() > 0) {
            summary += "; THE STATE STORE COULD NOT BE REACHED: files were left at their sources";
        }
        if (!leftAtSource.isEmpty()) {
            summary += "; " + leftAtSource.size() + " FILE(S) LEFT AT THEIR SOURCES, not taken by their names: "
                    + String.join(", ", leftAtSource.keySet().stream().limit(5).toList())
                    + (leftAtSource.size() > 5 ? " and " + (leftAtSource.size() - 5) + " more" : "")
                    + " (the log says why)";
        }
        for (String reason : notReached) {
            summary += "; NOT REACHED: " + reason;
        }
        return summary;
    }
}
