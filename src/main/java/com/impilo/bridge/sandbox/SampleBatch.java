package com.impilo.bridge.sandbox;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * Batches of valid orders in each format the bridge reads, naming patients, items, kits and sites that the sandbox
 * knows: for the {@code warm-up} command and the benchmark. Each file appears under its name only once complete, so a
 * running bridge never reads half of one.
 */
public final class SampleBatch {

    /** The CSV header of {@link #csv}: the bridge's default column names. */
    public static final String CSV_HEADER =
            "external_order_id,patient_id,site_id,item_id,kit_id,count,shipping_option,email_label,note";
    /** The sites that {@link #x12} names by code: SITE-0 to SITE-99, for {@link #crosswalk}. */
    private static final int SITES = 100;

    private SampleBatch() {
    }

    /** Order {@code i}'s JSON, one line, with the external order id {@code prefix + i}. */
    public static String orderJson(String prefix, int i) {
        return "{\"externalOrderIds\":[\"" + prefix + i + "\"],\"patient\":{\"id\":" + (1 + i % 5000) + "},"
                + "\"orderItems\":[{\"item\":{\"id\":" + (1 + i % 500) + "},\"count\":1}],"
                + "\"orderKits\":[{\"kit\":{\"id\":" + (1000 + i % 100) + "},\"count\":1}],\"shippingOption\":\"standard\"}";
    }

    /** {@code orders} single-order JSON files, {@code order-000000.json} on. */
    public static void singleOrderFiles(Path folder, String prefix, int orders) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < orders; i++) {
            String name = String.format("order-%06d.json", i);
            Path temp = folder.resolve("." + name + ".tmp");
            Files.writeString(temp, orderJson(prefix, i));
            Files.move(temp, folder.resolve(name));
        }
    }

    /** One NDJSON file of {@code orders} lines. */
    public static void ndjson(Path file, String prefix, int orders) throws IOException {
        ndjson(file, prefix, 0, orders);
    }

    /** One NDJSON file of {@code orders} lines, numbered from {@code first} on. */
    public static void ndjson(Path file, String prefix, int first, int orders) throws IOException {
        writeLines(file, null, orders, i -> orderJson(prefix, first + i), null);
    }

    /** One CSV file of {@code orders} rows, one order a row, in the default columns. */
    public static void csv(Path file, String prefix, int orders) throws IOException {
        writeLines(file, CSV_HEADER, orders,
                i -> prefix + i + "," + (1 + i % 5000) + ",," + (1 + i % 500) + ",,1,standard,false,", null);
    }

    /**
     * One X12 interchange of {@code orders} 850s in one group, each for a site by its code (see {@link #crosswalk})
     * and two items by their ids as VN numbers.
     */
    public static void x12(Path file, String prefix, int orders) throws IOException {
        String head = "ISA*00*          *00*          *ZZ*SAMPLEPARTNER  *ZZ*IMPILOBRIDGE   *261204*1200*U*00401"
                + "*000000001*0*P*:~\nGS*PO*SAMPLEPARTNER*IMPILOBRIDGE*20261204*1200*1*X*004010~";
        writeLines(file, head, orders, i -> {
            String control = String.format("%09d", i + 1);
            return "ST*850*" + control + "~\nBEG*00*SA*" + prefix + i + "**20261204~\nN1*ST**92*SITE-" + (i % SITES)
                    + "~\nPO1*1*1*EA***VN*" + (1 + i % 500) + "~\nPO1*2*2*EA***VN*" + (1 + (i + 7) % 500)
                    + "~\nCTT*2~\nSE*7*" + control + "~";
        }, "GE*" + orders + "*1~\nIEA*1*000000001~");
    }

    /** The crosswalk that turns the site codes of {@link #x12} into the sandbox's site ids. */
    public static void crosswalk(Path file) throws IOException {
        writeLines(file, "type,code,impilo_id", SITES, i -> "site,SITE-" + i + "," + (1 + i), null);
    }

    // header and trailer: a line each, or null for none
    private static void writeLines(Path file, String header, int lines, IntFunction<String> line, String trailer)
            throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            if (header != null) {
                out.write(header + "\n");
            }
            for (int i = 0; i < lines; i++) {
                out.write(line.apply(i));
                out.write('\n');
            }
            if (trailer != null) {
                out.write(trailer + "\n");
            }
        }
        Files.move(temp, file);
    }
}
