package com.impilo.bridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Partner files for fuzzing: a seed (one of the samples, or a file of the hostile corpus) with a few mutations, byte-
 * or token-wise, under its own extension or another reader's. Tokens are those that break or bend JSON and CSV:
 * brackets, quotes, separators, line ends, escapes, huge and odd numbers, byte order marks, invalid UTF-8.
 */
public final class MutatedFiles {

    private static final List<String> EXTENSIONS = List.of("json", "ndjson", "jsonl", "csv", "x12");
    private static final List<byte[]> TOKENS = Stream.of("{", "}", "[", "]", "\"", "'", ",", ";", ":", "\n", "\r\n",
                    "\r", "\\", "\\u", "\\ud800", "null", "true", "false", "0", "-1", "1e309", "-0.0", "1.5",
                    "99999999999999999999", "\"\"", "\"3\"", "\"\uff11\uff10\"", "\u0000", "\t", " ", "\ufeff",
                    "\u2028", "\u001b[2J", "[[[[[[[[[[[[[[[[", "]]]]]]]]", "{\"a\":{\"b\":{\"c\":", "\"orderItems\":",
                    "\"count\":", "\"externalOrderIds\":", "\"patient\":", "\"site\":", "\"id\":", "externalOrderId",
                    "count", "bridge:", "=cmd|'/c calc'!A1", "\"\"\"", "NaN", "Infinity", "/*", "*/", "//", "~", "*",
                    "ISA*", "ST*850*0001~", "SE*", "GE*", "IEA*", "PO1*1*", "BEG*01*", "CTT*")
            .map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    private static final List<byte[]> RAW_BYTES = Stream.of("efbbbf", "feff", "fffe", "c328", "ff", "80", "ed a0 80",
            "f0 9f 98 80", "00 00", "1f8b08").map(hex -> HexFormat.of().parseHex(hex.replace(" ", ""))).toList();

    private MutatedFiles() {
    }

    /** A file to drop: its name (the seed's, with the extension it is given) and its bytes. */
    public record MutatedFile(String seed, String extension, byte[] content) {

        public String name() {
            return "fuzz-" + seed.replaceAll("[^A-Za-z0-9-]", "_") + "." + extension;
        }

        /** Writes the file into the folder, replacing one of the same name. */
        public Path writeTo(Path folder) throws IOException {
            return Files.write(folder.resolve(name()), content);
        }

        @Override
        public String toString() {
            return name() + " (" + content.length + " bytes): " + new String(content, StandardCharsets.UTF_8);
        }
    }

    /** Seeds with one to six mutations each; now and then under another reader's extension. */
    public static Arbitrary<MutatedFile> partnerFiles() {
        Arbitrary<Seed> seeds = Arbitraries.of(seeds());
        Arbitrary<List<UnaryOperator<byte[]>>> mutations = mutation().list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<String> otherExtension = Arbitraries.of(EXTENSIONS).injectNull(0.8);
        return Combinators.combine(seeds, mutations, otherExtension).as((seed, changes, extension) -> {
            byte[] content = seed.content();
            for (UnaryOperator<byte[]> change : changes) {
                content = change.apply(content);
            }
            return new MutatedFile(seed.name(), extension == null ? seed.extension() : extension, content);
        });
    }

    private static Arbitrary<UnaryOperator<byte[]>> mutation() {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        Arbitrary<byte[]> token = Arbitraries.of(TOKENS);
        Arbitrary<byte[]> raw = Arbitraries.of(RAW_BYTES);
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 64);
        return Arbitraries.oneOf(
                Combinators.combine(at, token).as((where, bytes) -> content -> insert(content, where, bytes)),
                Combinators.combine(at, raw).as((where, bytes) -> content -> insert(content, where, bytes)),
                Combinators.combine(at, token).as((where, bytes) -> content -> overwrite(content, where, bytes)),
                Combinators.combine(at, length).as((where, count) -> content -> delete(content, where, count)),
                Combinators.combine(at, length).as((where, count) -> content -> repeat(content, where, count)),
                at.map(where -> content -> Arrays.copyOf(content, (int) (content.length * where))),
                Combinators.combine(at, Arbitraries.bytes()).as((where, value) -> content -> overwrite(content, where,
                        new byte[] {value})));
    }

    private static byte[] insert(byte[] content, double where, byte[] bytes) {
        int at = (int) (content.length * where);
        byte[] out = new byte[content.length + bytes.length];
        System.arraycopy(content, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(content, at, out, at + bytes.length, content.length - at);
        return out;
    }

    private static byte[] overwrite(byte[] content, double where, byte[] bytes) {
        byte[] out = content.clone();
        int at = (int) (content.length * where);
        System.arraycopy(bytes, 0, out, at, Math.min(bytes.length, out.length - at));
        return out;
    }

    private static byte[] delete(byte[] content, double where, int count) {
        int at = (int) (content.length * where);
        int end = Math.min(content.length, at + count);
        byte[] out = new byte[content.length - (end - at)];
        System.arraycopy(content, 0, out, 0, at);
        System.arraycopy(content, end, out, at, content.length - end);
        return out;
    }

    // a run of the content repeated, as a writer that retried a block would leave it
    private static byte[] repeat(byte[] content, double where, int count) {
        int at = (int) (content.length * where);
        int end = Math.min(content.length, at + count);
        return insert(content, where, Arrays.copyOfRange(content, at, end));
    }

    private record Seed(String name, String extension, byte[] content) {
    }

    // The samples and the hostile corpus's files of the readers' types (not the recipes, which expand to megabytes).
    private static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        for (Path folder : List.of(Path.of("samples"), Path.of("src/test/resources/hostile"),
                Path.of("src/test/resources/x12"))) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                    if (EXTENSIONS.contains(extension) && Files.isRegularFile(file)) {
                        seeds.add(new Seed(name.substring(0, name.lastIndexOf('.')), extension,
                                Files.readAllBytes(file)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds;
    }

    /** Deletes a folder of fuzzed files. */
    public static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
