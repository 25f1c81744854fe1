package com.impilo.bridge.ingest.x12;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The envelope's pass over a file: whatever the file holds, it ends with what is wrong, never with an exception. */
class X12SegmentsTest {

    @TempDir
    Path dir;

    // Found by OrderReadersFuzzTest: an ST where no transaction set starts made the 850 schema's setter throw.
    @Test
    void an_st_segment_inside_a_transaction_set_is_an_error_of_that_set_not_a_crash() throws Exception {
        Path file = Files.writeString(dir.resolve("nested.x12"), String.join("~\n",
                "ISA*00*          *00*          *ZZ*ACMEPHARMACY   *ZZ*IMPILOBRIDGE   *261204*1200*U*00401*000000901*0*T*:",
                "GS*PO*ACMEPHARMACY*IMPILOBRIDGE*20261204*1200*901*X*004010",
                "ST*850*0001", "BEG*00*SA*PO-NESTED-1**20261204", "ST*850*0002", "N1*ST**92*WARD-7",
                "PO1*1*1*EA***VN*5", "CTT*1", "SE*7*0001", "GE*1*901", "IEA*1*000000901") + "~\n");

        Interchange interchange;
        try (X12Segments sets = X12Segments.survey(file)) {
            while (sets.next() != null) {
                // the survey reads every set
            }
            interchange = sets.interchange();
        }

        assertThat(interchange.groups()).hasSize(1);
        Interchange.TransactionSet set = interchange.groups().get(0).sets().get(0);
        assertThat(set.problem()).as("the set is rejected").isNotNull();
        assertThat(set.problem().reason()).contains("ST");
    }
}
