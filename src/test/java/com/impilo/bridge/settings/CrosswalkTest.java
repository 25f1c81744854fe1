package com.impilo.bridge.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrosswalkTest {

    @TempDir
    Path dir;

    @Test
    void maps_each_type_and_code_to_its_impilo_id() throws Exception {
        Crosswalk crosswalk = Crosswalk.load(write("type,code,impilo_id\nsite,WARD-7,77\nitem,ACME-100,42\n"
                + "kit,K-1,1001\npatient,P 9,5\n\n"));

        assertThat(crosswalk.idOf("site", "WARD-7")).hasValue(77L);
        assertThat(crosswalk.idOf("item", "ACME-100")).hasValue(42L);
        assertThat(crosswalk.idOf("kit", "K-1")).hasValue(1001L);
        assertThat(crosswalk.idOf("patient", "P 9")).hasValue(5L);
        assertThat(crosswalk.idOf("item", "WARD-7")).as("codes are per type").isEmpty();
    }

    @Test
    void every_bad_row_is_named_with_its_line() throws Exception {
        Path file = write("type,code,impilo_id\nward,W-1,7\nitem,,3\nitem,A,-2\nitem,B,4,extra\nsite,S,1\nsite,S,2\n");

        assertThatThrownBy(() -> Crosswalk.load(file)).isInstanceOf(BridgeConfigException.class)
                .extracting(e -> ((BridgeConfigException) e).problems()).asList().containsExactly(
                        file + " line 2: type \"ward\" is not one of site, patient, item, kit",
                        file + " line 3: the code is empty",
                        file + " line 4: impilo_id \"-2\" is not a positive whole number",
                        file + " line 5: 4 values, but a row has 3: type,code,impilo_id",
                        file + " line 7: site \"S\" is already on line 6");
    }

    @Test
    void a_wrong_header_is_named() throws Exception {
        Path file = write("kind,code,id\nsite,S,1\n");

        assertThatThrownBy(() -> Crosswalk.load(file)).isInstanceOf(BridgeConfigException.class)
                .hasMessageContaining("line 1: the header must be type,code,impilo_id, got kind,code,id");
    }

    @Test
    void a_changed_file_is_read_again_and_a_broken_change_keeps_the_previous_version() throws Exception {
        Path file = write("type,code,impilo_id\nsite,WARD-7,77\n");
        Crosswalk crosswalk = Crosswalk.load(file);

        Files.writeString(file, "type,code,impilo_id\nsite,WARD-7,78\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(5)).until(() -> crosswalk.idOf("site", "WARD-7").equals(Optional.of(78L)));

        Files.writeString(file, "type,code,impilo_id\nsite,WARD-7,not-a-number\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> crosswalk.idOf("site", "WARD-7").equals(Optional.of(78L)));
    }

    private Path write(String content) throws Exception {
        return Files.writeString(dir.resolve("crosswalk.csv"), content);
    }
}
