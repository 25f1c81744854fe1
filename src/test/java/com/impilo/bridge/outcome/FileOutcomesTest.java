package com.impilo.bridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.store.OrderLedger;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a partner file ends, without Camel: done/ with its receipt, rejected/ or undelivered/ with its error. */
class FileOutcomesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    private DataFolders folders;
    private RunStats stats;
    private FileOutcomes files;
    private StateStore store;

    @BeforeEach
    void folders() {
        folders = new DataFolders(data).create();
        store = StateStore.open(null, data, null, null, "test-install");
        stats = new RunStats();
        files = new FileOutcomes(folders, stats, CLOCK, Map.of("partner-sftp", new RemoteFolders(".done", ".rejected")),
                new ProgressLog(Duration.ofMinutes(1), CLOCK), new ArchiveWatch(folders.done(), Duration.ZERO, CLOCK),
                PartnerReplies.NONE, new OrderLedger(store.dataSource(), CLOCK));
    }

    @AfterEach
    void close() {
        store.stop();
    }

    @Test
    void a_finished_file_is_archived_in_done_with_its_receipt() throws Exception {
        PickedFile picked = local("orders.ndjson", "{}\n");
        FileRun run = files.open(picked);
        run.record(0, new OrderResult("line 1", java.util.List.of("PO-1"), "k1", OrderResult.Outcome.created, 5L,
                "orderPlaced", null, null, null, null, null), null);

        FileArchive archive = files.complete(run, picked);

        assertThat(archive.local()).isEqualTo(folders.done().resolve("orders.ndjson").toString());
        assertThat(archive.remote()).as("a local file has no remote folder").isNull();
        JsonNode receipt = json(folders.done().resolve("orders.ndjson.receipt.json"));
        assertThat(receipt.path("source").asText()).isEqualTo("inbox");
        assertThat(receipt.path("summary").path("orders").asInt()).isEqualTo(1);
        assertThat(unfinishedReceipts()).isEmpty();
    }

    @Test
    void a_file_that_grew_while_it_was_read_is_not_archived_and_its_partial_receipt_is_dropped() throws Exception {
        PickedFile picked = local("growing.ndjson", "{\"a\":1}\n");
        FileRun run = files.open(picked);
        Files.writeString(picked.localFile(), "{\"a\":1}\n{\"a\":2}\n");
        Files.setLastModifiedTime(picked.localFile(), FileTime.fromMillis(picked.modified() + 5000));

        assertThatThrownBy(() -> files.complete(run, picked)).isInstanceOf(FileGrewException.class)
                .hasMessageContaining("changed while it was read");
        files.readAgain(run, "inbox", "growing.ndjson");

        assertThat(picked.localFile()).exists();
        assertThat(folders.done().resolve("growing.ndjson.receipt.json")).doesNotExist();
        assertThat(unfinishedReceipts()).isEmpty();
    }

    @Test
    void an_unreadable_download_goes_to_rejected_with_its_reason_and_its_remote_original_to_the_rejected_folder()
            throws Exception {
        Path work = Files.createDirectories(data.resolve("work").resolve("partner-sftp"));
        Path download = Files.writeString(work.resolve("garbage.json"), "not json");
        PickedFile picked = new PickedFile("partner-sftp", "garbage.json", null, -1, -1, download);
        FileRun run = files.open(picked);

        FileArchive archive = files.rejectFile(run, picked, UnreadableFileException.quoting(
                "not valid JSON (line 1, column 1)", "not valid JSON: Unrecognized token 'not' (line 1, column 1)"));

        assertThat(folders.rejected().resolve("garbage.json")).hasContent("not json");
        assertThat(download).doesNotExist();
        assertThat(archive.remote()).isEqualTo(".rejected/garbage.json");
        JsonNode error = json(folders.rejected().resolve("garbage.json.error.json"));
        assertThat(error.path("reason").asText()).as("the error file quotes the file, the log does not")
                .isEqualTo("the file cannot be read as orders: not valid JSON: Unrecognized token 'not' (line 1, column 1)");
        assertThat(error.path("category").asText()).isEqualTo("unreadable-file");
        assertThat(error.path("source").asText()).isEqualTo("partner-sftp");
        assertThat(unfinishedReceipts()).isEmpty();
    }

    @Test
    void a_remote_file_once_done_moves_to_its_remote_done_folder() throws Exception {
        Path work = Files.createDirectories(data.resolve("work").resolve("partner-sftp"));
        PickedFile picked = new PickedFile("partner-sftp", "a.json", null, -1, -1,
                Files.writeString(work.resolve("a.json"), "{}"));

        FileArchive archive = files.complete(files.open(picked), picked);

        assertThat(archive.remote()).isEqualTo(".done/a.json");
        assertThat(folders.done().resolve("a.json")).hasContent("{}");
    }

    @Test
    void a_file_stopped_by_a_refused_key_fails_and_stays_at_its_source_without_a_receipt() throws Exception {
        PickedFile picked = local("held.json", "{}");
        FileRun run = files.open(picked);
        assertThatNoException().isThrownBy(() -> files.checkNotStopped(run, "store away"));

        run.stop(FileRun.Stop.API_KEY_REFUSED);

        assertThatThrownBy(() -> files.checkNotStopped(run, "store away")).isInstanceOf(ApiKeyRefusedException.class);
        files.abandon(run, "inbox", "held.json", FileRun.Stop.API_KEY_REFUSED);
        assertThat(picked.localFile()).exists();
        assertThat(unfinishedReceipts()).isEmpty();
        assertThat(stats.toString()).contains("THE API KEY WAS REFUSED: files were left at their sources");
        assertThat(stats.allDelivered()).isFalse();
    }

    @Test
    void a_file_stopped_by_a_store_away_fails_and_stays_at_its_source_without_a_receipt() throws Exception {
        PickedFile picked = local("waits.json", "{}");
        FileRun run = files.open(picked);

        run.stop(FileRun.Stop.STORE_UNREACHABLE);
        run.stop(FileRun.Stop.API_KEY_REFUSED);

        assertThat(run.stopped()).as("the first reason stays").isEqualTo(FileRun.Stop.STORE_UNREACHABLE);
        assertThatThrownBy(() -> files.checkNotStopped(run, "the state store cannot be reached"))
                .isInstanceOf(StoreUnavailableException.class).hasMessage("the state store cannot be reached");
        files.abandon(run, "inbox", "waits.json", FileRun.Stop.STORE_UNREACHABLE);
        assertThat(picked.localFile()).exists();
        assertThat(unfinishedReceipts()).isEmpty();
        assertThat(stats.toString()).contains("THE STATE STORE COULD NOT BE REACHED: files were left at their sources");
        assertThat(stats.allDelivered()).isFalse();
    }

    @Test
    void two_files_of_the_same_name_are_both_kept_in_done() throws Exception {
        PickedFile first = local("same.json", "{}");
        files.complete(files.open(first), first);
        PickedFile second = local("same.json", "{}");

        FileArchive archive = files.complete(files.open(second), second);

        assertThat(archive.local()).isEqualTo(folders.done().resolve("same-2.json").toString());
        assertThat(folders.done().resolve("same.json.receipt.json")).exists();
        assertThat(folders.done().resolve("same-2.json.receipt.json")).exists();
    }

    private PickedFile local(String name, String content) throws IOException {
        Path file = Files.writeString(folders.inbox().resolve(name), content);
        return new PickedFile("inbox", name, file, Files.size(file), Files.getLastModifiedTime(file).toMillis(), null);
    }

    private static JsonNode json(Path file) throws IOException {
        return ImpiloJson.mapper().readTree(file.toFile());
    }

    private Stream<Path> unfinishedReceipts() throws IOException {
        try (Stream<Path> done = Files.list(folders.done())) {
            return done.filter(file -> file.getFileName().toString().endsWith(".part")).toList().stream();
        }
    }
}
