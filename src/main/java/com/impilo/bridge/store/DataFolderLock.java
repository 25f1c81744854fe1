package com.impilo.bridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.support.service.ServiceSupport;

/**
 * One bridge process per data folder (and so per embedded state store): an operating-system lock on
 * {@code <data>/state/bridge.lock}, held while the bridge runs and released when it stops or dies, so that a lock of a
 * process that was killed is taken over without anyone's help. The file names its holder for whoever finds it taken.
 */
public final class DataFolderLock extends ServiceSupport {

    private static final String JUST_STARTED = "a process that has just started";
    private static final Duration HOLDER_WAIT = Duration.ofSeconds(1);

    private static final String FILE = "bridge.lock";
    // The locks this process holds, by file: the operating system's locks belong to the process, and closing any
    // channel of a locked file would release them, so this process never opens a file it holds a lock on again.
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The data folder is taken by another bridge: who holds it. */
    public static final class TakenException extends Exception {

        public TakenException(String message) {
            super(message);
        }
    }

    /**
     * Takes the data folder for this process.
     *
     * @throws TakenException naming the process that holds it (its PID, host and since when)
     */
    public static DataFolderLock acquire(Path dataDir, Clock clock) throws TakenException {
        Path file = lockFile(dataDir);
        String taken = "another bridge is running on the data folder " + dataDir.toAbsolutePath().normalize() + ": ";
        synchronized (HELD) {
            String ours = HELD.get(file);
            if (ours != null) {
                throw new TakenException(taken + ours + " (one bridge per data folder)");
            }
            try {
                Files.createDirectories(file.getParent());
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    String holder = holderTextOnceWritten(channel);
                    channel.close();
                    throw new TakenException(taken + holder + " (one process per data folder)");
                }
                String holder = "pid " + ProcessHandle.current().pid() + " on host " + host() + " since "
                        + Instant.now(clock);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                HELD.put(file, holder);
                return new DataFolderLock(file, channel, lock);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the data folder " + dataDir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Who runs on this data folder now, if a bridge does; takes nothing. */
    public static Optional<String> holder(Path dataDir) {
        Path file = lockFile(dataDir);
        String ours = HELD.get(file);
        if (ours != null) {
            return Optional.of(ours);
        }
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
            return Optional.of(holderText(channel));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path lockFile(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve("state").resolve(FILE);
    }

    // null when another process holds it
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    // A process that has just taken the lock writes its line a moment later: wait for it (a second at most), so that
    // the message names the process rather than "a process that has just started".
    private static String holderTextOnceWritten(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + HOLDER_WAIT.toNanos();
        String text = holderText(channel);
        while (text.equals(JUST_STARTED) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            text = holderText(channel);
        }
        return text;
    }

    private static String holderText(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        int read = channel.read(buffer, 0);
        String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? JUST_STARTED : text;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unknown host";
        }
    }

    @Override
    protected void doStop() throws IOException {
        synchronized (HELD) {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
            HELD.remove(file);
        }
    }
}
