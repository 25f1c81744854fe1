import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.impilo.bridge.sandbox.SampleBatch;

/**
 * The benchmark harness: runs the real jar against the sandbox API in a separate process, next to a raw HTTP load
 * loop (the ceiling) and a curl shell loop (the naive baseline), on this machine, in one run; writes bench/REPORT.md.
 */
public class Bench {

    private static final Path JAR = Path.of(System.getenv().getOrDefault("BENCH_JAR", "target/impilo-order-bridge.jar"))
            .toAbsolutePath();
    private static final Path WORK = Path.of("target/bench").toAbsolutePath();
    private static final Path REPORT = Path.of("bench/REPORT.md");
    private static final String KEY = "bench-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final boolean CEILING = !"false".equals(System.getenv("BENCH_CEILING"));
    // the JVM options docs/operating.md's service starts the bridge with: the collector and C2's inlining
    private static final List<String> SERVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:InlineSmallCode=1000",
            "-XX:FreqInlineSize=100");
    // and with the class-data archive that its warm-up writes (BENCH_CDS=false: without it)
    private static final boolean CLASS_ARCHIVE = !"false".equals(System.getenv("BENCH_CDS"));
    private static final List<String> BRIDGE_OPTS = List.of(System.getenv().getOrDefault("BENCH_BRIDGE_OPTS", "")
            .split(" ")).stream().filter(option -> !option.isBlank()).toList();

    private final int runs = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "3"));
    private final double scale = Double.parseDouble(System.getenv().getOrDefault("BENCH_SCALE", "1.0"));
    private final List<String> table = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Double> readySeconds = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try {
            if (List.of(args).equals(List.of("feed"))) {
                new Bench().feedOnly();
            } else if (args.length > 0) {
                new Bench().scenarios(List.of(args));
            } else {
                new Bench().run();
            }
        } finally {
            // A run's tens of thousands of files go when it ends, not when the next run starts: a file system that
            // passes over inodes freed in the last minute when it creates a file (ext4 without a journal) would make the
            // next run's first scenario create its files, and the bridge its receipts, the slower for them.
            deleteTree(WORK);
        }
    }

    /**
     * {@code bench/run files ndjson csv latency50}: only the throughput scenarios named, their rows printed and the
     * report left alone; for comparing one change. BENCH_BRIDGE_OPTS adds JVM options to the bridge (e.g. a flight
     * recording), BENCH_CEILING=false skips the raw HTTP ceiling.
     */
    private void scenarios(List<String> names) throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        for (String name : names) {
            switch (name) {
                case "files" -> throughput("(a) single-order JSON files", count(10_000), Format.FILES, 0, 4);
                case "ndjson" -> throughput("(b) one NDJSON file", count(100_000), Format.NDJSON, 0, 4);
                case "csv" -> throughput("(c) one CSV file", count(100_000), Format.CSV, 0, 4);
                case "latency50" -> throughput("(b) NDJSON, 50 ms added latency", count(10_000), Format.NDJSON, 50, 16);
                case "x12" -> throughput("(d) one X12 interchange of 850s", count(10_000), Format.X12, 0, 4);
                case "instances" -> instances(count(10_000));
                case "script" -> script(count(40_000));
                case "profile" -> profile(count(40_000));
                default -> throw new IllegalArgumentException("unknown scenario " + name
                        + ": files, ndjson, csv, latency50, x12, instances, script, profile or feed");
            }
        }
        table.forEach(System.out::println);
        notes.forEach(System.out::println);
    }

    /** {@code bench/run feed}: measures the feed alone and puts its row into the existing report. */
    private void feedOnly() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        feed(count(100_000));
        String row = table.get(table.size() - 1);
        List<String> report = new ArrayList<>(Files.readAllLines(REPORT));
        report.removeIf(line -> line.startsWith("| feed: "));
        int startUp = report.indexOf(report.stream().filter(line -> line.startsWith("| start-up")).findFirst()
                .orElseThrow(() -> new IllegalStateException("run bench/run first: no report table to add to")));
        report.add(startUp, row);
        Files.write(REPORT, report);
        System.out.println(row);
    }

    private void run() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        table.add("| scenario | orders | median | min | max | comparison |");
        table.add("|---|---:|---:|---:|---:|---|");

        throughput("(a) single-order JSON files", count(10_000), Format.FILES, 0, 4);
        throughput("(b) one NDJSON file", count(100_000), Format.NDJSON, 0, 4);
        script(count(40_000));
        profile(count(40_000));
        throughput("(c) one CSV file", count(100_000), Format.CSV, 0, 4);
        throughput("(d) one X12 interchange of 850s", count(10_000), Format.X12, 0, 4);
        throughput("(b) NDJSON, 50 ms added latency", count(10_000), Format.NDJSON, 50, 16);
        naiveBaseline(count(500));
        latency(count(200));
        oneGigabyteFile();
        feed(count(100_000));
        instances(count(10_000));
        Stats ready = Stats.of(readySeconds);
        table.add(String.format(Locale.ROOT, "| start-up: process start to routes started | - | %.2f s | %.2f s | %.2f s |"
                + " target < 3 s |", ready.median(), ready.min(), ready.max()));
        writeReport();
        System.out.println(Files.readString(REPORT));
    }

    private int count(int orders) {
        return Math.max(10, (int) Math.round(orders * scale));
    }

    // ---- scenarios -------------------------------------------------------------------------------------------------

    /** Runs the bridge and the ceiling on one kind of batch, adds their rows; returns the bridge's median orders/s. */
    private double throughput(String name, int orders, Format format, int latencyMs, int concurrency) throws Exception {
        List<Double> bridge = new ArrayList<>();
        List<Double> ceiling = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> cpuMsPerOrder = new ArrayList<>();
        List<Double> jitMsPerOrder = new ArrayList<>();
        List<Double> sandboxMsPerOrder = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (Sandbox sandbox = Sandbox.start(latencyMs)) {
                Path data = WORK.resolve("run-" + format + "-" + latencyMs + "-" + run);
                // a fresh data folder: a scenario of the same format before this one left its ledger there, and the
                // orders (the same ids) would all be duplicates
                deleteTree(data);
                writeBatch(data.resolve("inbox"), orders, format);
                List<String> options = new ArrayList<>(List.of("-Dbridge.http.max-concurrency=" + concurrency));
                if (format == Format.X12) {
                    // ship-to codes through a crosswalk, items by their VN numbers
                    Path crosswalk = data.resolve("crosswalk.csv");
                    SampleBatch.crosswalk(crosswalk);
                    options.addAll(List.of("-Dbridge.sources.inbox.formats=x12",
                            "-Dbridge.sources.inbox.crosswalk=" + crosswalk));
                }
                BridgeRun result = BridgeRun.once(data, sandbox.url, "256m", options);
                bridge.add(orders / result.processingSeconds());
                cpuMsPerOrder.add(1000 * result.cpuSeconds() / orders);
                jitMsPerOrder.add(1000 * result.jitSeconds() / orders);
                sandboxMsPerOrder.add(1000 * sandbox.cpuSeconds() / orders);
                rss.add(result.peakRssMb);
                readySeconds.add(result.readySeconds);
            }
            if (CEILING) {
                try (Sandbox sandbox = Sandbox.start(latencyMs)) {
                    ceiling.add(rawLoad(sandbox.url, orders, concurrency));
                }
            } else {
                ceiling.add(Double.NaN);
            }
        }
        System.out.printf(Locale.ROOT, "%s: bridge %s orders/s, ceiling %s orders/s, bridge CPU %s ms/order (whole"
                + " process, start-up included), JIT compiler %s ms/order, sandbox CPU %s ms/order%n", name,
                rounded(bridge), rounded(ceiling), rounded(cpuMsPerOrder), rounded(jitMsPerOrder),
                rounded(sandboxMsPerOrder));
        Stats b = Stats.of(bridge);
        Stats c = Stats.of(ceiling);
        String target = latencyMs == 0 ? "target >= 50% of the ceiling"
                : String.format(Locale.ROOT, "%.0f%% of concurrency / latency (%d / %d ms = %d/s); target >= 80%%",
                100 * b.median() / (concurrency * 1000.0 / latencyMs), concurrency, latencyMs,
                concurrency * 1000 / latencyMs);
        table.add(String.format(Locale.ROOT, "| %s, bridge, %d concurrent | %,d | %,.0f orders/s | %,.0f | %,.0f |"
                        + " %.0f%% of the ceiling; %s; bridge CPU %.2f ms an order (%.2f of it the JIT compiler's)"
                        + " |", name, concurrency, orders, b.median(), b.min(), b.max(), 100 * b.median() / c.median(),
                target, Stats.of(cpuMsPerOrder).median(), Stats.of(jitMsPerOrder).median()));
        table.add(String.format(Locale.ROOT, "| %s, raw HTTP ceiling (same POSTs, same concurrency) | %,d |"
                + " %,.0f orders/s | %,.0f | %,.0f | |", name, orders, c.median(), c.min(), c.max()));
        if (format == Format.NDJSON && latencyMs == 0 && name.equals("(b) one NDJSON file")) {
            Stats memory = Stats.of(rss);
            table.add(String.format(Locale.ROOT, "| %s, peak RSS of the bridge at -Xmx256m | %,d | %.0f MB | %.0f |"
                    + " %.0f | |", name, orders, memory.median(), memory.min(), memory.max()));
            lastBridgeMedian = b.median();
        }
        lastBridgeCpuMs = Stats.of(cpuMsPerOrder).median();
        lastSandboxCpuMs = Stats.of(sandboxMsPerOrder).median();
        return b.median();
    }

    private double lastBridgeMedian;
    // CPU an order of the last throughput scenario's bridge runs, and of the sandbox serving them (start-up included)
    private double lastBridgeCpuMs;
    private double lastSandboxCpuMs;

    /**
     * The script a user would write instead (bench/script.py: a pool of keep-alive connections POSTing each NDJSON
     * line, nothing else), then the bridge on the same kind of file at the same concurrency, in the same run.
     */
    private void script(int orders) throws Exception {
        List<Double> rate = new ArrayList<>();
        List<Double> cpuMsPerOrder = new ArrayList<>();
        List<Double> sandboxMsPerOrder = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (Sandbox sandbox = Sandbox.start(0)) {
                Path file = WORK.resolve("script-" + run).resolve("orders.ndjson");
                Files.createDirectories(file.getParent());
                SampleBatch.ndjson(file, "bench-", orders);
                Process script = new ProcessBuilder("python3", "bench/script.py", sandbox.url, KEY, file.toString(),
                        "4").redirectError(WORK.resolve("script.err").toFile()).start();
                String[] result = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()
                        .split(" ");
                if (script.waitFor() != 0 || result.length != 4 || !result[3].equals("0")) {
                    throw new IllegalStateException("the script failed: " + String.join(" ", result) + "; see "
                            + WORK.resolve("script.err"));
                }
                rate.add(Integer.parseInt(result[0]) / Double.parseDouble(result[1]));
                cpuMsPerOrder.add(1000 * Double.parseDouble(result[2]) / orders);
                sandboxMsPerOrder.add(1000 * sandbox.cpuSeconds() / orders);
            }
        }
        Stats s = Stats.of(rate);
        double scriptCpuMs = Stats.of(cpuMsPerOrder).median();
        double sandboxCpuMs = Stats.of(sandboxMsPerOrder).median();
        System.out.printf(Locale.ROOT, "script: %s orders/s, CPU %s ms/order, sandbox CPU %s ms/order%n", rounded(rate),
                rounded(cpuMsPerOrder), rounded(sandboxMsPerOrder));
        int row = table.size();
        double bridge = throughput("(b) the script's NDJSON file", orders, Format.NDJSON, 0, 4);
        table.add(row, String.format(Locale.ROOT, "| the script a user would write instead (bench/script.py: Python, a"
                + " pool of 4 keep-alive connections POSTing each NDJSON line; no validation, ledger, receipts or"
                + " retries) | %,d | %,.0f orders/s | %,.0f | %,.0f | script CPU %.2f ms an order, the sandbox's"
                + " %.2f serving it; the bridge on the same file (next row) reaches %.2fx the script; target >= 1x."
                + " The two clients share two cores with the sandbox: with the sandbox's CPU (start-up included) the"
                + " script's runs spend %.2f ms an order and the bridge's %.2f (the bridge %.2f, the sandbox %.2f), and"
                + " orders/s follows that sum |", orders, s.median(), s.min(), s.max(), scriptCpuMs, sandboxCpuMs,
                bridge / s.median(), scriptCpuMs + sandboxCpuMs, lastBridgeCpuMs + lastSandboxCpuMs, lastBridgeCpuMs,
                lastSandboxCpuMs));
    }

    /**
     * Where the bridge's CPU goes on an NDJSON file: one more run of the script's file under a JFR recording (its
     * "profile" settings, a Java sample every millisecond), each execution sample put where the innermost frame of a known part of the order's
     * way says. Into the report's notes: a share of the samples for each part, and the run's CPU an order.
     */
    private void profile(int orders) throws Exception {
        Path data = WORK.resolve("profile");
        Path recording = data.resolve("bridge.jfr");
        writeBatch(data.resolve("inbox"), orders, Format.NDJSON);
        BridgeRun result;
        try (Sandbox sandbox = Sandbox.start(0)) {
            result = BridgeRun.once(data, sandbox.url, "256m", List.of("-Dbridge.http.max-concurrency=4"),
                    List.of("-XX:StartFlightRecording=filename=" + recording
                            + ",settings=profile,jdk.ExecutionSample#period=1ms"));
        }
        java.util.Map<String, Integer> samples = new java.util.LinkedHashMap<>();
        PROFILE_PARTS.forEach(part -> samples.put(part[0], 0));
        int total = 0;
        try (jdk.jfr.consumer.RecordingFile file = new jdk.jfr.consumer.RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                jdk.jfr.consumer.RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    samples.merge(partOf(event), 1, Integer::sum);
                    total++;
                }
            }
        }
        double cpu = 1000 * result.cpuSeconds() / orders;
        notes.add(String.format(Locale.ROOT, "### Where the bridge's CPU goes: one NDJSON file of %,d orders, %s", orders,
                LocalDate.now()));
        notes.add("");
        notes.add(String.format(Locale.ROOT, "`bench/run profile`: the script's file once more under a JFR recording"
                + " (%,d execution samples of Java code; garbage collection, JIT compilation, SQLite's native code"
                + " and the kernel are not sampled),"
                + " %,.0f orders/s at %.2f ms of bridge CPU an order. Each sample goes to the part of the order's way"
                + " its innermost known frame belongs to.", total, orders / result.processingSeconds(), cpu));
        notes.add("");
        notes.add("| part | share of samples |");
        notes.add("|---|---:|");
        for (java.util.Map.Entry<String, Integer> part : samples.entrySet()) {
            notes.add(String.format(Locale.ROOT, "| %s | %.1f%% |", part.getKey(), 100.0 * part.getValue() / total));
        }
    }

    // Parts of the order's way, by class name prefix of a frame. The innermost frame of a named part decides, then,
    // for a sample in none, the innermost of the bridge's other code or of Camel: JDK and library frames (Jackson,
    // SQLite) count for the code that called them.
    private static final List<String[]> PROFILE_PARTS = List.of(
            new String[] {"start-up and shutdown (the main thread)"},
            new String[] {"the HTTP call: the order's POST, camel-http and Apache HttpClient",
                "org.apache.camel.component.http.", "org.apache.hc.", "com.impilo.bridge.api.OrderPost",
                "com.impilo.bridge.api.CallDeadline", "com.impilo.bridge.api.AnswerLimit"},
            new String[] {"the request's and the answer's JSON", "com.impilo.bridge.api.ApiMessages"},
            new String[] {"reading the file: lines, JSON, the order's model", "com.impilo.bridge.ingest."},
            new String[] {"the rules and the order's key", "com.impilo.bridge.validate.",
                "com.impilo.bridge.store.IdempotencyKeys"},
            new String[] {"the ledger (SQLite)", "com.impilo.bridge.store.OrderLedger"},
            new String[] {"the audit trail", "com.impilo.bridge.outcome.AuditTrail"},
            new String[] {"the file's receipt and counts", "com.impilo.bridge.outcome.FileRun",
                "com.impilo.bridge.outcome.FileOutcomes"},
            new String[] {"the rest of the bridge's code (outcomes, logging, metrics, store)", "com.impilo.bridge."},
            new String[] {"Camel's routing: exchanges, routes, split, throttle, error handler", "org.apache.camel."},
            new String[] {"other (JDK threads, logging outside the bridge)"});
    private static final int NAMED_PARTS = 8;

    private static String partOf(jdk.jfr.consumer.RecordedEvent sample) {
        jdk.jfr.consumer.RecordedThread thread = sample.getThread("sampledThread");
        if (thread != null && "main".equals(thread.getJavaName())) {
            return PROFILE_PARTS.get(0)[0];
        }
        for (List<String[]> parts : List.of(PROFILE_PARTS.subList(1, NAMED_PARTS),
                PROFILE_PARTS.subList(NAMED_PARTS, PROFILE_PARTS.size() - 1))) {
            for (jdk.jfr.consumer.RecordedFrame frame : sample.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                for (String[] part : parts) {
                    for (int i = 1; i < part.length; i++) {
                        if (type.startsWith(part[i])) {
                            return part[0];
                        }
                    }
                }
            }
        }
        return PROFILE_PARTS.get(PROFILE_PARTS.size() - 1)[0];
    }

    // What the profile of 2026-11-27 showed, for a report that has no analysis of its own yet; rerun it with
    // BENCH_BRIDGE_OPTS=-XX:StartFlightRecording=filename=b.jfr bench/run ndjson, then jfr print --events
    // jdk.ExecutionSample b.jfr.
    private static final List<String> LIMITS = List.of(
            "## What limits the bridge",
            "",
            "- **CPU per order, on cores it shares.** The bridge, the sandbox and the load generator share the two"
                    + " cores. The raw ceiling spends CPU only on the HTTP exchange; the bridge also reads and checks"
                    + " the order, records it in flight and created in the SQLite ledger, writes four audit lines, a"
                    + " receipt entry and a log line, and routes it through Camel (the `bridge CPU` column, whole"
                    + " process with start-up). A JFR profile of the NDJSON run (2026-11-27) spread the bridge's"
                    + " samples thinly: Camel's routing about 20%, HttpClient and camel-http about 25%, Jackson about"
                    + " 15% (reading the partner file, writing the request, reading the answer), ledger, audit trail,"
                    + " log line and receipt together about 15%, JVM start-up 6%. No single part is worth more than a"
                    + " fifth, so reaching 50% of the ceiling would take cutting all of them by half or more.",
            "- **What was done:** ledger writes of orders in flight together commit together; orders leave their"
                    + " file's headers behind; API calls copy no answer headers; a local folder's files run"
                    + " `max-concurrency` side by side (single-order files used to run one at a time).",
            "- **What is kept on purpose:** each order is in the ledger before its POST and each audit line is"
                    + " written through before the next step, so that a SIGKILL at any moment loses nothing"
                    + " (docs/guarantees.md). A background writer batching audit lines and receipts would save a few percent"
                    + " at the cost of that promise.",
            "- **At 50 ms added latency** the bridge is bound by the API's latency, not by CPU: 10,000 orders, because"
                    + " a shorter run (2,000) mostly measured the JVM warming up. The 100,000 of (b) at 320 orders/s"
                    + " would take over five minutes a run.",
            "- **Single-order files** cost a file's pickup, read-lock check, move to `done/` and receipt for one"
                    + " order each, several times the CPU of an NDJSON line.");

    private void naiveBaseline(int files) throws Exception {
        List<Double> naive = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (Sandbox sandbox = Sandbox.start(0)) {
                Path dir = WORK.resolve("naive-" + run);
                writeBatch(dir.resolve("inbox"), files, Format.FILES);
                Files.createDirectories(dir.resolve("done"));
                String script = "for f in inbox/*.json; do"
                        + " curl -s -o /dev/null -X POST -H 'Impilo-API-Key: " + KEY + "'"
                        + " -H 'Content-Type: application/json' --data-binary @\"$f\" " + sandbox.url + "/api/v3/order"
                        + " && mv \"$f\" done/; done";
                long start = System.nanoTime();
                Process shell = new ProcessBuilder("bash", "-c", script).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("naive.log").toFile()).start();
                shell.waitFor();
                naive.add(files / seconds(System.nanoTime() - start));
            }
        }
        Stats n = Stats.of(naive);
        table.add(String.format(Locale.ROOT, "| naive baseline: bash loop, curl POST + mv per file | %,d | %,.0f orders/s |"
                        + " %,.0f | %,.0f | bridge (b) is %.0fx this; target >= 20x |", files, n.median(), n.min(),
                n.max(), lastBridgeMedian / n.median()));
    }

    /** Arrival to 2xx per order, with the default (safe) pickup settings, files arriving at 20 a second. */
    private void latency(int files) throws Exception {
        List<Double> perOrder = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.start(0)) {
            Path data = WORK.resolve("latency");
            Files.createDirectories(data.resolve("inbox"));
            Process bridge = BridgeRun.start(data, sandbox.url, "256m", List.of(), false);
            BridgeRun.awaitLine(data.resolve("bridge.log"), "pickup started", Duration.ofSeconds(60));
            String order = orderJson(0);
            for (int i = 0; i < files; i++) {
                Path temp = data.resolve("inbox/.lat-" + i + ".json.tmp");
                Files.writeString(temp, order.replace("bench-0", "lat-" + i));
                Files.move(temp, data.resolve("inbox/lat-" + i + ".json"));
                Thread.sleep(50);
            }
            Path done = data.resolve("done");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (countReceipts(done) < files && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            bridge.destroy();
            bridge.waitFor(60, TimeUnit.SECONDS);
            try (Stream<Path> receipts = Files.list(done)) {
                for (Path receipt : receipts.filter(f -> f.toString().endsWith(".receipt.json")).toList()) {
                    JsonNode json = JSON.readTree(receipt.toFile());
                    Path file = done.resolve(json.get("file").asText());
                    Instant arrived = Files.getLastModifiedTime(file).toInstant();
                    Instant created = Instant.parse(json.get("completedAt").asText());
                    perOrder.add(Duration.between(arrived, created).toNanos() / 1e6);
                }
            }
        }
        perOrder.sort(Comparator.naturalOrder());
        table.add(String.format(Locale.ROOT, "| latency, file arrival to 2xx, default pickup settings, 20 files/s"
                        + " | %,d | p50 %.0f ms | p99 %.0f ms | max %.0f ms | the default min-age of 1 s dominates |",
                perOrder.size(), percentile(perOrder, 50), percentile(perOrder, 99),
                perOrder.get(perOrder.size() - 1)));
    }

    /** A 1 GB NDJSON file at -Xmx256m: each order carries ~100 KB of partner data the API does not take. */
    private void oneGigabyteFile() throws Exception {
        long target = (long) (1024L * 1024 * 1024 * Math.min(1.0, scale));
        String padding = "x".repeat(100 * 1024);
        Path data = WORK.resolve("one-gigabyte");
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        int orders = 0;
        try (Writer out = Files.newBufferedWriter(inbox.resolve(".big.ndjson.tmp"))) {
            for (long written = 0; written < target; orders++) {
                String order = orderJson(orders);
                String line = order.substring(0, order.length() - 1) + ",\"partnerPayload\":\"" + padding + "\"}\n";
                out.write(line);
                written += line.length();
            }
        }
        Files.move(inbox.resolve(".big.ndjson.tmp"), inbox.resolve("big.ndjson"));
        long size = Files.size(inbox.resolve("big.ndjson"));
        try (Sandbox sandbox = Sandbox.start(0)) {
            BridgeRun result = BridgeRun.once(data, sandbox.url, "256m", List.of());
            table.add(String.format(Locale.ROOT, "| %.2f GB NDJSON file at -Xmx256m | %,d | %s in %.0f s | | |"
                            + " peak RSS %.0f MB; %,.0f orders/s |", size / 1e9, orders,
                    result.exitCode == 0 ? "completed" : "FAILED (exit " + result.exitCode + ")",
                    result.totalSeconds, result.peakRssMb, orders / result.processingSeconds()));
        }
    }

    /** One feed poll over a large account: every order listed page by page (250 a page) and emitted once. */
    private void feed(int orders) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (Sandbox sandbox = Sandbox.start(0, orders)) {
                Path data = WORK.resolve("feed-" + run);
                Files.createDirectories(data.resolve("inbox"));
                BridgeRun.start(data, sandbox.url, "256m", List.of("--once", "-Dbridge.pickup.initial-delay=0",
                        "-Dbridge.feed.enabled=true", "-Dbridge.feed.scope=account", "-Dbridge.feed.page-size=250"),
                        false).waitFor();
                List<String> log = Files.readAllLines(data.resolve("bridge.log"));
                Instant first = BridgeRun.timeOf(log, "order feed: impiloOrderId", true);
                Instant done = BridgeRun.timeOf(log, "feed poll ", false);
                long emitted;
                try (Stream<Path> files = Files.list(data.resolve("outbox/_account"))) {
                    emitted = files.count();
                }
                if (emitted != orders) {
                    throw new IllegalStateException("the feed emitted " + emitted + " of " + orders + " orders");
                }
                seconds.add(Duration.between(first, done).toNanos() / 1e9);
            }
        }
        Stats f = Stats.of(seconds);
        table.add(String.format(Locale.ROOT, "| feed: one poll over %,d orders, 250 a page, each emitted once (outbox"
                        + " file, feed state, audit line) | %,d | %.0f s | %.0f s | %.0f s | %,.0f orders/s; %d run(s) |",
                orders, orders, f.median(), f.min(), f.max(), orders / f.median(), runs));
    }

    /**
     * Several instances: the same folder of NDJSON files of 100 orders each, taken by one instance on its embedded
     * SQLite store, then by one, two and three instances sharing one PostgreSQL (BENCH_PG_URL, started by bench/run),
     * all against one sandbox. Throughput runs from the first file picked up by any instance to the last file done by
     * any; CPU is that of all instances together, start-up included.
     */
    private void instances(int orders) throws Exception {
        String postgres = System.getenv("BENCH_PG_URL");
        if (postgres == null) {
            notes.add("- The instances rows are missing: no PostgreSQL (bench/run starts one when Debian's"
                    + " `postgresql` is installed).");
            return;
        }
        int files = Math.max(1, orders / 100);
        // BENCH_INSTANCES=1,2 measures only those counts (0: the one on SQLite), e.g. to compare two jars
        int[] counts = Arrays.stream(System.getenv().getOrDefault("BENCH_INSTANCES", "0,1,2,3").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        for (int instances : counts) {
            boolean onPostgres = instances > 0;
            int count = Math.max(1, instances);
            List<Double> throughput = new ArrayList<>();
            List<Double> cpuMsPerOrder = new ArrayList<>();
            List<Double> serverMsPerOrder = new ArrayList<>();
            List<Double> commitsPerOrder = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                try (Sandbox sandbox = Sandbox.start(0)) {
                    Path root = WORK.resolve("instances-" + instances + "-" + run);
                    Path shared = Files.createDirectories(root.resolve("shared"));
                    for (int file = 0; file < files; file++) {
                        int first = file * 100;
                        SampleBatch.ndjson(shared.resolve(String.format(Locale.ROOT, "orders-%04d.ndjson", file)),
                                "bench-", first, Math.min(100, orders - first));
                    }
                    List<String> options = new ArrayList<>(List.of("-Dbridge.http.max-concurrency=4",
                            "-Dbridge.sources.shared.type=local", "-Dbridge.sources.shared.path=" + shared,
                            "-Dbridge.sources.shared.formats=ndjson"));
                    String database = "bench_" + instances + "_" + run + "_" + ProcessHandle.current().pid();
                    if (onPostgres) {
                        try (Connection admin = DriverManager.getConnection(postgres, System.getenv("BENCH_PG_USER"),
                                System.getenv("BENCH_PG_PASSWORD")); Statement sql = admin.createStatement()) {
                            sql.executeUpdate("CREATE DATABASE " + database);
                        }
                        options.addAll(List.of("-Dbridge.store.url=" + postgres.substring(0,
                                        postgres.lastIndexOf('/') + 1) + database,
                                "-Dbridge.store.user=" + System.getenv("BENCH_PG_USER"),
                                "-Dbridge.store.password=" + System.getenv("BENCH_PG_PASSWORD")));
                    }
                    List<Process> processes = new ArrayList<>();
                    List<Path> dataDirs = new ArrayList<>();
                    for (int i = 1; i <= count; i++) {
                        Path data = Files.createDirectories(root.resolve("instance-" + i));
                        dataDirs.add(data);
                        List<String> own = new ArrayList<>(options);
                        own.add("-Dbridge.instance.name=bench-" + i);
                        processes.add(BridgeRun.start(data, sandbox.url, "256m", own, true));
                    }
                    double cpu = 0;
                    double serverBefore = postgresCpuSeconds();
                    double[] cpuOf = new double[count];
                    while (processes.stream().anyMatch(Process::isAlive)) {
                        for (int i = 0; i < count; i++) {
                            cpuOf[i] = Math.max(cpuOf[i], BridgeRun.cpuSeconds(processes.get(i).pid()));
                        }
                        Thread.sleep(50);
                    }
                    for (double seconds : cpuOf) {
                        cpu += seconds;
                    }
                    double server = onPostgres ? postgresCpuSeconds() - serverBefore : 0;
                    Instant firstPickup = null;
                    Instant lastDone = null;
                    long receipts = 0;
                    for (Path data : dataDirs) {
                        List<String> log = Files.readAllLines(data.resolve("bridge.log"));
                        if (log.stream().anyMatch(line -> line.contains("file done"))) {
                            Instant picked = BridgeRun.timeOf(log, "file picked up", true);
                            Instant done = BridgeRun.timeOf(log, "file done", false);
                            firstPickup = firstPickup == null || picked.isBefore(firstPickup) ? picked : firstPickup;
                            lastDone = lastDone == null || done.isAfter(lastDone) ? done : lastDone;
                        }
                        receipts += countReceipts(data.resolve("done"));
                    }
                    if (receipts != files) {
                        throw new IllegalStateException(receipts + " receipts for " + files + " files in " + root);
                    }
                    throughput.add(orders / (Duration.between(firstPickup, lastDone).toNanos() / 1e9));
                    cpuMsPerOrder.add(1000 * cpu / orders);
                    serverMsPerOrder.add(1000 * server / orders);
                    if (onPostgres) {
                        commitsPerOrder.add(committedTransactions(postgres, database) / (double) orders);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "instances %d: %s orders/s, CPU %s ms/order, PostgreSQL %s ms/order,"
                    + " %s commits/order%n", instances, rounded(throughput), rounded(cpuMsPerOrder),
                    rounded(serverMsPerOrder), rounded(commitsPerOrder));
            Stats t = Stats.of(throughput);
            table.add(String.format(Locale.ROOT, "| instances: %s, %,d NDJSON files of 100, 4 concurrent each | %,d |"
                            + " %,.0f orders/s | %,.0f | %,.0f | CPU %.2f ms an order, all instances together%s |",
                    onPostgres ? instances + " on one PostgreSQL" : "1 on its own SQLite", files, orders, t.median(),
                    t.min(), t.max(), Stats.of(cpuMsPerOrder).median(), onPostgres ? String.format(Locale.ROOT,
                            ", and %.2f ms of the PostgreSQL server's; %.1f committed transactions an order",
                            Stats.of(serverMsPerOrder).median(), Stats.of(commitsPerOrder).median()) : ""));
        }
    }

    // The transactions committed in one database, as PostgreSQL counts them once the connections that made them
    // have closed (the instances have ended).
    private static long committedTransactions(String postgres, String database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(postgres, System.getenv("BENCH_PG_USER"),
                System.getenv("BENCH_PG_PASSWORD"));
             PreparedStatement sql = admin.prepareStatement(
                     "SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
            sql.setString(1, database);
            try (ResultSet rows = sql.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    // The PostgreSQL server's CPU so far: the postmaster's own and its reaped children's (each connection is a child
    // that ends with it), from /proc/<pid>/stat fields 14 to 17; 0 without BENCH_PG_PID.
    private static double postgresCpuSeconds() {
        String pid = System.getenv("BENCH_PG_PID");
        if (pid == null || pid.isBlank()) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid.trim() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime, stime, cutime, cstime are fields 14 to 17
            long ticks = 0;
            for (int field = 14; field <= 17; field++) {
                ticks += Long.parseLong(fields[field - 3]);
            }
            return ticks / 100.0;
        } catch (IOException e) {
            return 0;
        }
    }

    // ---- the raw HTTP ceiling ----------------------------------------------------------------------------------------

    /** The same POSTs, the same payloads, the same concurrency, from a tight HttpClient loop. */
    private static double rawLoad(String url, int orders, int concurrency) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < orders; i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v3/order"))
                            .header("Impilo-API-Key", KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(orderJson(i))).build();
                    HttpResponse<String> response;
                    try {
                        response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        // a kept-alive connection the sandbox closed as the request left ("header parser received no
                        // bytes"): once more on a new one; a duplicate at the sandbox does not matter to a ceiling
                        response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    }
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("ceiling POST answered " + response.statusCode());
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            // a failed worker must not leave the others, and the benchmark, running
            threads.shutdownNow();
        }
        return orders / seconds(System.nanoTime() - start);
    }

    // ---- input -------------------------------------------------------------------------------------------------------

    private enum Format { FILES, NDJSON, CSV, X12 }

    private static String orderJson(int i) {
        return SampleBatch.orderJson("bench-", i);
    }

    private static void writeBatch(Path inbox, int orders, Format format) throws IOException {
        Files.createDirectories(inbox);
        switch (format) {
            case FILES -> SampleBatch.singleOrderFiles(inbox, "bench-", orders);
            case NDJSON -> SampleBatch.ndjson(inbox.resolve("orders.ndjson"), "bench-", orders);
            case CSV -> SampleBatch.csv(inbox.resolve("orders.csv"), "bench-", orders);
            case X12 -> SampleBatch.x12(inbox.resolve("orders.x12"), "bench-", orders);
        }
    }

    // ---- processes ---------------------------------------------------------------------------------------------------

    /** The sandbox API in a process of its own, so that it does not share the bridge's heap or CPU accounting. */
    private static final class Sandbox implements AutoCloseable {
        private final Process process;
        private final String url;

        private Sandbox(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static Sandbox start(int latencyMs) throws IOException {
            return start(latencyMs, 0);
        }

        static Sandbox start(int latencyMs, int seed) throws IOException {
            Process process = new ProcessBuilder("java", "-Xmx3g", "-jar", JAR.toString(), "sandbox",
                    "--api-key", KEY, "--latency-ms", Integer.toString(latencyMs), "--seed", Integer.toString(seed))
                    .redirectError(WORK.resolve("sandbox.err").toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("sandbox listening on ")) {
                    Thread drain = new Thread(() -> drain(out), "sandbox-drain");
                    drain.setDaemon(true);
                    drain.start();
                    return new Sandbox(process, line.substring("sandbox listening on ".length()).trim());
                }
            }
            throw new IllegalStateException("the sandbox did not start; see " + WORK.resolve("sandbox.err"));
        }

        private static void drain(BufferedReader out) {
            try {
                while (out.readLine() != null) {
                    // the sandbox's output is not needed once its URL is known
                }
            } catch (IOException e) {
                // the sandbox has stopped
            }
        }

        /** CPU the sandbox has used so far, start-up included; read before it is closed. */
        double cpuSeconds() {
            return process.toHandle().info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** One run of the bridge jar, with its timings read off its own log and its peak RSS off /proc. */
    private record BridgeRun(int exitCode, double totalSeconds, double readySeconds, Instant firstPickup,
                             Instant lastDone, double peakRssMb, double cpuSeconds, double jitSeconds) {

        double processingSeconds() {
            return Duration.between(firstPickup, lastDone).toNanos() / 1e9;
        }

        // the JVM options that use the archive: none when it is off or the warm-up wrote none; null until asked
        private static List<String> archiveOptions;

        /**
         * The service's class-data archive, written once per benchmark the way docs/operating.md's service writes it:
         * {@code warm-up} with {@code -XX:ArchiveClassesAtExit}, the service's JVM options and heap.
         */
        static synchronized List<String> classArchive() throws IOException {
            if (archiveOptions == null) {
                archiveOptions = CLASS_ARCHIVE ? writeClassArchive() : List.of();
            }
            return archiveOptions;
        }

        private static List<String> writeClassArchive() throws IOException {
            Path file = WORK.resolve("classes.jsa");
            Path log = WORK.resolve("warm-up.log");
            List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
            command.addAll(SERVICE_JVM_OPTIONS);
            command.addAll(List.of("-Xlog:cds=error", "-XX:ArchiveClassesAtExit=" + file, "-jar", JAR.toString(),
                    "warm-up"));
            Process warmUp = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (warmUp.waitFor() == 0 && Files.isRegularFile(file)) {
                    return List.of("-XX:SharedArchiveFile=" + file);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the warm-up ran", e);
            }
            // a jar from before warm-up existed (BENCH_JAR, to compare): measured without an archive
            System.err.println("bench: the warm-up wrote no class-data archive (" + log + "): the bridge runs without"
                    + " one");
            return List.of();
        }

        static Process start(Path data, String url, String heap, List<String> extra, boolean once) throws IOException {
            return start(data, url, heap, extra, once, List.of());
        }

        static Process start(Path data, String url, String heap, List<String> extra, boolean once, List<String> jvm)
                throws IOException {
            List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap));
            command.addAll(SERVICE_JVM_OPTIONS);
            command.addAll(classArchive());
            command.addAll(jvm);
            command.addAll(BRIDGE_OPTS.stream().map(option -> option.replace("%DATA%", data.toString())).toList());
            command.addAll(List.of("-jar", JAR.toString(), "--data-dir", data.toString(), "-Dimpilo.api.url=" + url,
                    "-Dimpilo.api.key=" + KEY, "-Dbridge.user-routes.dir=" + data.resolve("no-user-routes")));
            if (once) {
                // the default min-age stays: the batch was written before the JVM started, so it is old enough at once
                command.addAll(List.of("--once", "-Dbridge.pickup.initial-delay=0"));
            }
            command.addAll(extra);
            return new ProcessBuilder(command).directory(data.toFile()).redirectErrorStream(true)
                    .redirectOutput(data.resolve("bridge.log").toFile()).start();
        }

        static BridgeRun once(Path data, String url, String heap, List<String> extra) throws Exception {
            return once(data, url, heap, extra, List.of());
        }

        static BridgeRun once(Path data, String url, String heap, List<String> extra, List<String> jvm)
                throws Exception {
            Instant started = Instant.now();
            Process process = start(data, url, heap, extra, true, jvm);
            double peakKb = 0;
            double cpu = 0;
            Map<String, Double> jit = new HashMap<>();
            for (int poll = 0; !process.waitFor(50, TimeUnit.MILLISECONDS); poll++) {
                peakKb = Math.max(peakKb, vmHwmKb(process.pid()));
                cpu = Math.max(cpu, cpuSeconds(process.pid()));
                if (poll % 10 == 0) {
                    compilerSeconds(process.pid(), jit);
                }
            }
            double total = seconds(Duration.between(started, Instant.now()).toNanos());
            List<String> log = Files.readAllLines(data.resolve("bridge.log"));
            Instant ready = timeOf(log, "pickup started", true);
            return new BridgeRun(process.exitValue(), total,
                    Duration.between(started, ready).toNanos() / 1e9,
                    timeOf(log, "file picked up", true), timeOf(log, "file done", false), peakKb / 1024, cpu,
                    jit.values().stream().mapToDouble(Double::doubleValue).sum());
        }

        // The CPU of the JVM's JIT compiler threads so far, by thread, from /proc/<pid>/task (read every half second:
        // what a thread spends after the last read before the process ends is not counted, a few percent at most).
        private static void compilerSeconds(long pid, Map<String, Double> seconds) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks) {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        seconds.put(task.getFileName().toString(),
                                (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process or the thread has just ended
            }
        }

        static void awaitLine(Path log, String text, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(log) && Files.readString(log).contains(text)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("no '" + text + "' in " + log + " within " + timeout);
        }

        static Instant timeOf(List<String> log, String text, boolean first) {
            List<String> lines = log.stream().filter(line -> line.contains(text)).toList();
            if (lines.isEmpty()) {
                throw new IllegalStateException("no '" + text + "' in the bridge log");
            }
            String line = first ? lines.get(0) : lines.get(lines.size() - 1);
            return OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
        }

        // user + system time of the process so far, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms)
        private static double cpuSeconds(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static double vmHwmKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Double.parseDouble(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // the process has just ended
            }
            return 0;
        }
    }

    // ---- figures and report ------------------------------------------------------------------------------------------

    private record Stats(double median, double min, double max) {
        static Stats of(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            return new Stats(sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
        }
    }

    private static List<String> rounded(List<Double> values) {
        return values.stream().map(value -> String.format(Locale.ROOT, "%.3f", value)).toList();
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static long countReceipts(Path done) throws IOException {
        if (!Files.isDirectory(done)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(done)) {
            return files.filter(f -> f.toString().endsWith(".receipt.json")).count();
        }
    }

    private void writeReport() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Benchmark report");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Run on %s: %d cores, %s memory, Java %s; %d run(s) per figure (median, min,"
                        + " max), batch scale %.2f. Produced by `bench/run`.", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("java.version"), runs, scale));
        lines.add("");
        lines.add("The bridge runs as `java -Xmx256m " + String.join(" ", SERVICE_JVM_OPTIONS)
                + (CLASS_ARCHIVE ? " -XX:SharedArchiveFile=classes.jsa" : "")
                + " -jar target/impilo-order-bridge.jar --once` (the JVM options of docs/operating.md's service"
                + (CLASS_ARCHIVE ? ", with the class-data archive its `warm-up` writes, once per benchmark" : "")
                + "), the sandbox API in a"
                + " process of its own on the same machine. Throughput is end to end: from the first file picked up to"
                + " the last file in done/ with its receipt, read off the bridge's log. The ceiling sends the same POSTs"
                + " with the same payloads and concurrency from a tight `java.net.http.HttpClient` loop.");
        lines.add("");
        lines.addAll(table);
        if (!notes.isEmpty()) {
            lines.add("");
            lines.addAll(notes);
        }
        lines.add("");
        lines.addAll(limits());
        Files.write(REPORT, lines);
    }

    // The analysis under the figures is written by hand as the figures change: a new run keeps the report's own and
    // falls back to the first one only when the report has none.
    private static List<String> limits() throws IOException {
        if (Files.exists(REPORT)) {
            List<String> report = Files.readAllLines(REPORT);
            int from = report.indexOf(LIMITS.get(0));
            if (from >= 0) {
                return report.subList(from, report.size());
            }
        }
        return LIMITS;
    }

    private static String memory() throws IOException {
        String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
        return String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(total) / 1024.0 / 1024.0);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
