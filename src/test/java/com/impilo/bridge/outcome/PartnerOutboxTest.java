package com.impilo.bridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox: one file per order (or acknowledgment) and partner, replaced whole, never a temp file left behind. */
class PartnerOutboxTest {

    @TempDir
    Path outbox;

    @Test
    void writes_the_orders_text_into_its_partners_folder_and_replaces_it_on_the_next_change() throws Exception {
        PartnerOutbox writer = new PartnerOutbox(outbox);

        Path first = writer.write("clinic-a", "1001.json", "{\"id\":1001,\"currentStatus\":\"orderPlaced\"}");
        Path second = writer.write("clinic-a", "1001.json", "{\"id\":1001,\"currentStatus\":\"shipped\"}");

        assertThat(first).isEqualTo(second).isEqualTo(outbox.resolve("clinic-a/1001.json"));
        assertThat(second).hasContent("{\"id\":1001,\"currentStatus\":\"shipped\"}");
        try (Stream<Path> files = Files.list(outbox.resolve("clinic-a"))) {
            assertThat(files).containsExactly(second);
        }
    }

    @Test
    void outbox_files_are_readable_by_the_bridge_group_by_default_and_as_configured() throws Exception {
        Path byDefault = new PartnerOutbox(outbox).write("clinic-a", "1.json", "{\"id\":1}");
        Path shared = new PartnerOutbox(outbox.resolve("shared"), "rw-r--r--").write("clinic-b", "2.json", "{\"id\":2}");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(byDefault))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(byDefault.getParent())))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.getParent())))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void turns_partner_names_into_safe_folder_names() {
        assertThat(PartnerOutbox.folderName("clinic-a.v2_x")).isEqualTo("clinic-a.v2_x");
        assertThat(PartnerOutbox.folderName("_account")).isEqualTo("_account");
        assertThat(PartnerOutbox.folderName("../etc/passwd")).isEqualTo("_._etc_passwd");
        assertThat(PartnerOutbox.folderName("St. Mary's / ward 3")).isEqualTo("St._Mary_s___ward_3");
        assertThat(PartnerOutbox.folderName("")).isEqualTo("_unknown");
    }

}
