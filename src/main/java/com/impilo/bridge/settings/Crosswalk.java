package com.impilo.bridge.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partner's crosswalk: its own codes for sites, patients, items and kits, and the Impilo id each stands for. A CSV
 * file with the header {@code type,code,impilo_id}; {@code type} is {@code site}, {@code patient}, {@code item} or
 * {@code kit}. Checked whole when the bridge starts (a bad row stops the start, naming its line), and read again when
 * it changes: a later version with a mistake is not used, the previous one stays, and the log says why.
 */
public final class Crosswalk {

    /** The kinds of codes a crosswalk may hold. */
    public static final Set<String> TYPES = Set.of("site", "patient", "item", "kit");

    private static final Logger LOG = LoggerFactory.getLogger(Crosswalk.class);
    private static final List<String> HEADER = List.of("type", "code", "impilo_id");
    // a file is looked at again at most this often: a stat per order would cost more than the lookup itself
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile Version current;
    private volatile long checkedAt;

    private record Version(Map<String, Long> ids, Object stamp) {
    }

    private Crosswalk(Path file, Version version) {
        this.file = file;
        this.current = version;
        this.checkedAt = System.nanoTime();
    }

    /** No crosswalk: every code is unknown. */
    public static final Crosswalk NONE = new Crosswalk(null, new Version(Map.of(), null));

    /**
     * Reads and checks the whole file.
     *
     * @throws BridgeConfigException one problem a bad row or header, each naming its line
     */
    public static Crosswalk load(Path file) throws BridgeConfigException {
        return new Crosswalk(file, read(file));
    }

    /** The file, or null for {@link #NONE}. */
    public Path file() {
        return file;
    }

    /** The Impilo id that the partner's code of this type stands for; the file is read again if it changed. */
    public Optional<Long> idOf(String type, String code) {
        if (file != null && System.nanoTime() - checkedAt > RECHECK_NANOS) {
            refresh();
        }
        return Optional.ofNullable(current.ids().get(key(type, code)));
    }

    private synchronized void refresh() {
        if (System.nanoTime() - checkedAt <= RECHECK_NANOS) {
            return;
        }
        checkedAt = System.nanoTime();
        Object stamp = stampOf(file);
        if (stamp == null || stamp.equals(current.stamp())) {
            return;
        }
        try {
            current = read(file);
            LOG.info("crosswalk {} read again: {} code(s)", file, current.ids().size());
        } catch (BridgeConfigException e) {
            // the previous version stays in use; said once for this version of the file
            current = new Version(current.ids(), stamp);
            LOG.error("crosswalk {} changed but is not used, the previous version stays: {}", file,
                    LogText.of(String.join("; ", e.problems())));
        }
    }

    private static Version read(Path file) throws BridgeConfigException {
        Object stamp = stampOf(file);
        Map<String, Long> ids = new HashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        List<String> problems = new ArrayList<>();
        // empty lines are rows of one empty value, so that a row's number is its line (values span no lines here)
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).enable(CsvParser.Feature.TRIM_SPACES);
        try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).with(CsvSchema.emptySchema())
                .readValues(file.toFile())) {
            boolean header = true;
            long line = 0;
            while (rows.hasNextValue()) {
                List<String> row = rows.nextValue();
                line++;
                if (header) {
                    List<String> names = row.stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
                    if (!names.equals(HEADER)) {
                        throw new BridgeConfigException(List.of(file + " line " + line + ": the header must be "
                                + String.join(",", HEADER) + ", got " + String.join(",", row)));
                    }
                    header = false;
                    continue;
                }
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue;
                }
                String problem = check(row);
                if (problem != null) {
                    problems.add(file + " line " + line + ": " + problem);
                    continue;
                }
                String key = key(row.get(0), row.get(1));
                Long first = lineOf.putIfAbsent(key, line);
                if (first != null) {
                    problems.add(file + " line " + line + ": " + row.get(0) + " \"" + row.get(1)
                            + "\" is already on line " + first);
                    continue;
                }
                ids.put(key, Long.parseLong(row.get(2)));
            }
            if (header) {
                problems.add(file + ": the file is empty; its first line must be " + String.join(",", HEADER));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": cannot be read as CSV: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new BridgeConfigException(problems);
        }
        return new Version(Map.copyOf(ids), stamp);
    }

    private static String check(List<String> row) {
        if (row.size() != HEADER.size()) {
            return row.size() + " values, but a row has 3: type,code,impilo_id";
        }
        String type = row.get(0).toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            return "type \"" + row.get(0) + "\" is not one of site, patient, item, kit";
        }
        if (row.get(1).isBlank()) {
            return "the code is empty";
        }
        if (!row.get(2).matches("[1-9][0-9]{0,17}")) {
            return "impilo_id \"" + row.get(2) + "\" is not a positive whole number";
        }
        return null;
    }

    private static String key(String type, String code) {
        return type.toLowerCase(Locale.ROOT) + "\n" + code;
    }

    // what tells one version of the file from the next: its modification time and size
    private static Object stampOf(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size());
        } catch (IOException gone) {
            return null;
        }
    }
}
