package com.impilo.bridge.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.impilo.bridge.ingest.OrderIterator;
import com.impilo.bridge.ingest.ParsedOrder;
import com.impilo.bridge.ingest.UnreadableFileException;
import com.impilo.bridge.support.MutatedFiles;
import com.impilo.bridge.support.MutatedFiles.MutatedFile;
import com.impilo.bridge.validate.OrderValidator;
import com.impilo.bridge.validate.Violation;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the JSON, NDJSON and CSV readers: partner files of the samples and the hostile corpus, mutated
 * byte-wise and token-wise ({@link MutatedFiles}). Whatever the bytes, a file is either rejected whole with a reason,
 * or read order by order (none for an empty array, which gets a receipt), each order readable (then checked against
 * the guide's rules) or unreadable with its problems; nothing else escapes the reader. A failure prints the smallest input jqwik shrank it to: add it to
 * {@code src/test/resources/hostile/} with its row in {@code HostileInputTest}.
 * <p>
 * The number of tries is {@code jqwik.tries.default} (junit-platform.properties); for a longer run:
 * {@code mvn test -Dtest=OrderReadersFuzzTest -Djqwik.tries.default=100000}.
 */
class OrderReadersFuzzTest {

    private static Path folder;

    private final OrderFileReader reader = new OrderFileReader();
    private final OrderValidator validator = new OrderValidator();

    @BeforeContainer
    static void createFolder() throws IOException {
        folder = Files.createTempDirectory("fuzz-");
    }

    @AfterContainer
    static void deleteFolder() throws IOException {
        MutatedFiles.delete(folder);
    }

    @Property
    void every_file_is_rejected_whole_with_a_reason_or_read_order_by_order_with_each_problem_named(
            @ForAll("partnerFiles") MutatedFile sample) throws IOException {
        File file = sample.writeTo(folder).toFile();
        try {
            reader.checkReadable(file);
        } catch (UnreadableFileException rejectedWhole) {
            assertThat(rejectedWhole.getMessage()).as("the error file's reason").isNotBlank();
            assertThat(rejectedWhole.reason()).as("the log's reason").isNotBlank();
            return;
        }
        try (OrderIterator iterator = reader.orders(file)) {
            while (iterator.hasNext()) {
                ParsedOrder order = iterator.next();
                List<Violation> problems = order.readable() ? validator.validate(order.order()) : order.problems();
                assertThat(order.readable() || !problems.isEmpty()).as("an unreadable order says why").isTrue();
                assertThat(problems).allSatisfy(problem -> assertThat(problem.message()).isNotBlank());
            }
        } catch (UnreadableFileException | UncheckedIOException notAfterTheCheck) {
            throw new AssertionError("the file passed the check but failed while its orders were read", notAfterTheCheck);
        }
    }

    @Provide
    Arbitrary<MutatedFile> partnerFiles() {
        return MutatedFiles.partnerFiles();
    }
}
