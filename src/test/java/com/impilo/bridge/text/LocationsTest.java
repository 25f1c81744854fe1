package com.impilo.bridge.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocationsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "source acme cannot poll sftp://impilo@sftp.acme.example:22/outbox: Connection refused"
                    + " | source acme cannot poll <uri>: Connection refused",
            "Connect to http://127.0.0.1:8080 failed: timed out | Connect to <uri> failed: timed out",
            "its done folder (/srv/bridge/data/done) is not a writable folder"
                    + " | its done folder (<path>) is not a writable folder",
            "only 12 MB free in /var/lib/bridge, less than 512 MB | only 12 MB free in <path>, less than 512 MB",
            "cannot read C:\\partners\\acme\\orders.json | cannot read <path>",
            "the Impilo API refuses the API key (HTTP 401/403) | the Impilo API refuses the API key (HTTP 401/403)",
            "nothing to hide / here | nothing to hide / here",
    })
    void uris_and_absolute_paths_give_way_to_placeholders_and_the_rest_stays(String text, String expected) {
        assertThat(Locations.hidden(text)).isEqualTo(expected);
    }
}
