package com.impilo.bridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder guard says precisely why outcomes cannot be written, and when they can again. */
class DataFolderGuardTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path data;

    @Test
    void stops_a_file_when_the_disk_is_too_full_and_clears_once_space_is_back() throws Exception {
        DataFolders folders = new DataFolders(data).create();
        AtomicLong free = new AtomicLong(20 * MB);
        DataFolderGuard guard = new DataFolderGuard(folders, 100 * MB, 1000, path -> free.get(), null);

        assertThatThrownBy(guard::check).isInstanceOf(DataFolderUnavailableException.class)
                .hasMessage("only 20 MB free in " + folders.root() + ", less than the 100 MB that"
                        + " bridge.data.min-free-mb asks for");
        assertThat(guard.usable()).isFalse();

        free.set(500 * MB);

        assertThat(guard.usable()).isTrue();
        guard.check();
    }

    @Test
    void stops_a_file_when_an_outcome_folder_is_missing() throws Exception {
        DataFolders folders = new DataFolders(data).create();
        Files.delete(folders.undelivered());
        DataFolderGuard guard = new DataFolderGuard(folders, 0, 1000, path -> Long.MAX_VALUE, null);

        assertThatThrownBy(guard::check)
                .hasMessage("its undelivered folder (" + folders.undelivered() + ") is not a writable folder");
    }

    @Test
    void ends_a_once_run_rather_than_wait() {
        DataFolders folders = new DataFolders(data).create();
        AtomicLong ended = new AtomicLong();
        DataFolderGuard guard = new DataFolderGuard(folders, 100 * MB, 1000, path -> 0L, ended::incrementAndGet);

        assertThatThrownBy(guard::check).isInstanceOf(DataFolderUnavailableException.class);
        assertThat(ended.get()).isEqualTo(1);
    }

    @Test
    void reads_the_free_space_of_the_data_folders_disk_and_none_for_a_folder_that_is_gone() throws Exception {
        Path root = Files.createDirectories(data.resolve("free"));
        long fileStore = Files.getFileStore(root).getUsableSpace();

        long measured = DataFolderGuard.usableSpaceOf(root);

        // the disk is shared with everything else on the machine: the two readings may differ by what was written
        assertThat(measured).isPositive().isCloseTo(fileStore, Offset.offset(256L * 1024 * 1024));
        assertThat(DataFolderGuard.usableSpaceOf(root.resolve("gone"))).isZero();
    }
}
