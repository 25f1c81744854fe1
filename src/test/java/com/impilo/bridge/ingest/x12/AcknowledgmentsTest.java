package com.impilo.bridge.ingest.x12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import com.impilo.bridge.settings.X12Options;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgments as a partner's translator reads them: complete interchanges whose envelope StAEDI accepts,
 * in the inbound's version and separators, from the bridge to the partner.
 */
class AcknowledgmentsTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 5, 9, 30, 0, 0, ZoneOffset.UTC);

    @Test
    void a_5010_interchange_gets_a_999_when_the_source_asks_for_one_in_its_own_separators() throws Exception {
        Interchange received = interchange("00501", new Interchange.Separators('|', '>', '^', '\n', ""), false,
                new Interchange.TransactionSet("850", "0001", "", null),
                new Interchange.TransactionSet("850", "0002", "", new Interchange.Problem("3", "SE02 ...")));

        String ack = Acknowledgments.functional(received, X12Options.Ack.FA999, 42, NOW);

        assertThat(readBack(ack)).containsExactly(
                "ISA|00|          |00|          |ZZ|IMPILOBRIDGE   |ZZ|ACMEPHARMACY   |261205|0930|^|00501|000000042|0|T|>",
                "GS|FA|IMPILOBRIDGE|ACMEPHARMACY|20261205|0930|42|X|005010X231A1", "ST|999|0001",
                "AK1|PO|905|005010", "AK2|850|0001", "IK5|A", "AK2|850|0002", "IK5|R|3", "AK9|P|2|2|1",
                "SE|8|0001", "GE|1|42", "IEA|1|000000042");
    }

    @Test
    void a_4010_interchange_gets_a_997_even_when_the_source_asks_for_a_999_and_a_ta1_when_isa14_asks() throws Exception {
        Interchange received = interchange("00401", Interchange.Separators.USUAL, true,
                new Interchange.TransactionSet("850", "0001", "", null));

        String ack = Acknowledgments.functional(received, X12Options.Ack.FA999, 7, NOW);

        assertThat(ack).as("a line break after each segment, as the partner wrote them").contains("~\n");
        assertThat(readBack(ack)).contains("TA1*000000905*261204*1200*A*000", "ST*997*0001", "AK1*PO*905",
                "AK5*A", "AK9*A*1*1*1");
    }

    @Test
    void a_rejected_interchange_gets_a_ta1_alone_with_its_note_code() throws Exception {
        Interchange received = interchange("00401", Interchange.Separators.USUAL, false)
                .withProblem(new Interchange.Problem("025", "a duplicate"));

        assertThat(readBack(Acknowledgments.interchangeOnly(received, received.problem(), 8, NOW))).containsExactly(
                "ISA*00*          *00*          *ZZ*IMPILOBRIDGE   *ZZ*ACMEPHARMACY   *261205*0930*U*00401*000000008*0*T*:",
                "TA1*000000905*261204*1200*R*025", "IEA*0*000000008");
    }

    private static Interchange interchange(String version, Interchange.Separators separators, boolean ta1,
                                           Interchange.TransactionSet... sets) {
        Interchange.Header header = new Interchange.Header("ZZ", "ACMEPHARMACY", "ZZ", "IMPILOBRIDGE", "261204",
                "1200", version, "000000905", ta1, "T", false);
        List<Interchange.Group> groups = sets.length == 0 ? List.of() : List.of(new Interchange.Group("PO",
                "ACMEPHARMACY", "IMPILOBRIDGE", "905", version.equals("00501") ? "005010" : "004010",
                String.valueOf(sets.length), List.of(sets), null));
        return new Interchange(header, separators, groups, null);
    }

    // The segments as read by StAEDI, which checks the envelope's counts and control numbers: any error fails.
    private static List<String> readBack(String x12) throws Exception {
        List<String> segments = new ArrayList<>();
        try (EDIStreamReader reader = EDIInputFactory.newFactory().createEDIStreamReader(
                new ByteArrayInputStream(x12.getBytes(StandardCharsets.UTF_8)))) {
            StringBuilder segment = null;
            char separator = 0;
            while (reader.hasNext()) {
                EDIStreamEvent event = reader.next();
                if (event.isError()) {
                    throw new AssertionError(reader.getErrorType() + " at " + reader.getLocation());
                }
                switch (event) {
                    case START_SEGMENT -> {
                        segment = new StringBuilder(reader.getText());
                        separator = reader.getDelimiters().get(io.xlate.edi.stream.EDIStreamConstants.Delimiters
                                .DATA_ELEMENT);
                    }
                    case ELEMENT_DATA -> segment.append(separator).append(reader.getText());
                    case END_SEGMENT -> segments.add(segment.toString());
                    default -> {
                        // the structure is in the segments
                    }
                }
            }
        }
        return segments;
    }
}
