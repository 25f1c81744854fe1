package com.impilo.bridge.routes;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.impilo.bridge.outcome.RunStats;
import com.impilo.bridge.settings.PartnerSource;
import com.impilo.bridge.text.FileNames;
import com.impilo.bridge.text.LogText;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves at its source a file that the pickup cannot take by its name, and says so: at the first poll that sees it,
 * again every {@link #REMINDER} while it is there, and in the summary of a {@code --once} run, which then exits 3.
 * <ul>
 * <li>A name too long: a file name has at most 255 bytes, and the pickup needs a longer one beside the file (a local
 * folder's read lock writes {@code <name>.camelLock}, an SFTP download is written as {@code <name>.inprogress}).</li>
 * <li>A name that cannot be read ({@link FileNames}): not valid in this machine's file-name encoding, it names no file
 * for Java; it is shown with its bytes percent-escaped.</li>
 * <li>A remote name that is not valid UTF-8 on the server, or that cannot be written here to download it.</li>
 * </ul>
 * Without this filter such a file would fail at every poll (or, unreadable, be skipped without a word) and never get an
 * outcome; the read lock is taken only after the filter, so no lock file is left beside it either.
 */
public final class PickupFileFilter<T> implements GenericFileFilter<T> {

    /** How often a file still left at its source is named again in the log. */
    public static final Duration REMINDER = Duration.ofMinutes(15);
    private static final int MAX_FILE_NAME_BYTES = 255;
    // unreadable names are found by listing the folder again; one listing serves the whole of a poll
    private static final Duration RESCAN = Duration.ofSeconds(1);
    private static final List<String> SKIPPED_SUFFIXES = List.of(".tmp", ".part", ".error.json", ".receipt.json");
    private static final Logger LOG = LoggerFactory.getLogger(PickupFileFilter.class);

    private final String source;
    private final PartnerSource.Type type;
    private final int maxNameBytes;
    private final RunStats stats;
    private final Clock clock;
    private final Map<String, Instant> reported = new ConcurrentHashMap<>();
    private volatile Scan lastScan;

    public PickupFileFilter(PartnerSource source, RunStats stats, Clock clock) {
        this.source = source.name();
        this.type = source.type();
        this.maxNameBytes = MAX_FILE_NAME_BYTES - switch (source.type()) {
            case LOCAL -> ".camelLock".length();
            case SFTP -> ".inprogress".length();
        };
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        if (file.getFile() instanceof File listed && FileNames.unreadable(listed)) {
            String why = FileNames.platformIsUtf8() ? "its name is not valid UTF-8; rename it"
                    : "its name cannot be read in this machine's file-name encoding " + FileNames.platformEncoding()
                    + "; start the bridge with a UTF-8 locale (LANG=C.UTF-8) or rename the file";
            unreadableNamesBeside(listed).forEach(name -> leave(name, why));
            return false;
        }
        String name = file.getFileNameOnly();
        if (type == PartnerSource.Type.SFTP && !FileNames.representable(name)) {
            leave(FileNames.escaped(name), name.indexOf('\uFFFD') >= 0
                    ? "its name is not valid UTF-8 on the server (the bytes that are not are shown as %EF%BF%BD);"
                    + " rename it there"
                    : "its name cannot be written in this machine's file-name encoding " + FileNames.platformEncoding()
                    + " to download it; start the bridge with a UTF-8 locale (LANG=C.UTF-8) or rename it there");
            return false;
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxNameBytes) {
            leave(LogText.of(name), "its name has " + bytes + " bytes, more than the " + maxNameBytes
                    + " a file to pick up may have; rename it");
            return false;
        }
        return true;
    }

    private void leave(String name, String why) {
        stats.leftAtSource(source, name, why);
        Instant now = clock.instant();
        Instant last = reported.get(name);
        if (last == null || !now.isBefore(last.plus(REMINDER))) {
            reported.put(name, now);
            LOG.warn("file left at its source: source={}: {}: {} (said again every {} min while it is there)", source,
                    name, why, REMINDER.toMinutes());
        }
    }

    // The listing Camel made holds the unreadable name's text only, which names no file: the folder's own listing
    // holds its bytes.
    private List<String> unreadableNamesBeside(File listed) {
        Path folder;
        try {
            folder = listed.getParentFile().toPath();
        } catch (InvalidPathException folderUnreadableToo) {
            return List.of(LogText.of(listed.getName()));
        }
        Instant now = clock.instant();
        Scan scan = lastScan;
        if (scan == null || !scan.folder().equals(folder) || now.isAfter(scan.at().plus(RESCAN))) {
            scan = new Scan(folder, now, unreadableNamesIn(folder));
            lastScan = scan;
        }
        return scan.names();
    }

    private static List<String> unreadableNamesIn(Path folder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (FileNames.unreadable(entry) && !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    String name = FileNames.readable(entry);
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (!name.startsWith(".") && SKIPPED_SUFFIXES.stream().noneMatch(lower::endsWith)) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {} again to name its unreadable files: {}", folder, LogText.of(e.getMessage()));
        }
        return names;
    }

    private record Scan(Path folder, Instant at, List<String> names) {
    }
}
