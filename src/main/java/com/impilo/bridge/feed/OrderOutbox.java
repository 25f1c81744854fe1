package com.impilo.bridge.feed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The outbox: {@code <data>/outbox/<partner>/<impilo-order-id>.json}, the order as the API returned it, replaced
 * atomically (written to a dotfile beside it, flushed to disk, then renamed) so that a reader never sees half a file.
 * The one place a feed emission touches the local disk; the feed route uploads the written file from here to the
 * partner's SFTP outbox folder when its source has one.
 */
public final class OrderOutbox {

    private final Path root;

    /** @param root the outbox folder, {@code <data>/outbox} */
    public OrderOutbox(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Writes the order into its partner's folder and returns the file. */
    public Path write(String partner, FeedOrder order) throws IOException {
        Path dir = root.resolve(folderName(partner));
        Files.createDirectories(dir);
        Path target = dir.resolve(order.id() + ".json");
        // A dotfile: pickup of outbox folders (an SFTP sync, a partner's script) conventionally skips those.
        Path temp = Files.createTempFile(dir, "." + order.id() + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(order.json().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A partner name as a safe folder name: letters, digits, '.', '_' and '-', never starting with a dot. */
    static String folderName(String partner) {
        String name = partner == null ? "" : partner.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.isEmpty()) {
            return "_unknown";
        }
        return name.startsWith(".") ? "_" + name.substring(1) : name;
    }
}
