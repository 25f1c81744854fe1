package com.impilo.bridge.outcome;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The outbox: {@code <data>/outbox/<partner>/}, what goes back to each partner: the order feed's
 * {@code <impilo-order-id>.json} (the order as the API returned it) and X12 acknowledgments. Each file is replaced
 * atomically (written to a dotfile beside it, flushed to disk, then renamed) so that a reader never sees half a file.
 * The one place these touch the local disk; the routes upload the written file from here to the partner's SFTP outbox
 * folder when its source has one.
 */
public final class PartnerOutbox {

    /** The default permissions of outbox files: the owner reads and writes, its group reads. */
    public static final String DEFAULT_MODE = "rw-r-----";

    private final Path root;
    private final Set<PosixFilePermission> fileMode;
    private final Set<PosixFilePermission> folderMode;

    /** @param root the outbox folder, {@code <data>/outbox} */
    public PartnerOutbox(Path root) {
        this(root, DEFAULT_MODE);
    }

    /**
     * @param mode the permissions of outbox files, e.g. {@code rw-r-----}; their folders get the same, plus search
     *             where readable, so that whoever may read the files can reach them
     */
    public PartnerOutbox(Path root, String mode) {
        this.root = root.toAbsolutePath().normalize();
        this.fileMode = PosixFilePermissions.fromString(mode);
        this.folderMode = EnumSet.noneOf(PosixFilePermission.class);
        folderMode.addAll(fileMode);
        if (fileMode.contains(PosixFilePermission.OWNER_READ)) {
            folderMode.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if (fileMode.contains(PosixFilePermission.GROUP_READ)) {
            folderMode.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (fileMode.contains(PosixFilePermission.OTHERS_READ)) {
            folderMode.add(PosixFilePermission.OTHERS_EXECUTE);
        }
    }

    /** What a file holds, written out as a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} as {@code fileName} into its partner's folder and returns the file. */
    public Path write(String partner, String fileName, String content) throws IOException {
        return write(partner, fileName, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes what {@code content} streams as {@code fileName} into its partner's folder and returns the file. */
    public Path write(String partner, String fileName, Content content) throws IOException {
        Path dir = root.resolve(folderName(partner));
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            permit(root, folderMode);
            permit(dir, folderMode);
        }
        Path target = dir.resolve(fileName);
        // A dotfile: pickup of outbox folders (an SFTP sync, a partner's script) conventionally skips those.
        Path temp = Files.createTempFile(dir, "." + fileName + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel))) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            // a temp file is created readable by its owner only; the outbox's mode is set before it gets its name
            permit(temp, fileMode);
            return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // Only where the file system has POSIX permissions (not on Windows).
    private static void permit(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, mode);
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
