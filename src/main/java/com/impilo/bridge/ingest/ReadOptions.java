package com.impilo.bridge.ingest;

import java.util.Set;

import com.impilo.bridge.settings.Crosswalk;
import com.impilo.bridge.settings.CsvLayout;
import com.impilo.bridge.settings.X12Options;

/** What a source's settings say about reading its files: the layout of its CSV files, and its crosswalk of codes. */
public record ReadOptions(CsvLayout csv, Crosswalk crosswalk, Set<String> formats, X12Options x12) {

    /** Every format, recognised by content where a format can be (X12): what {@code validate} reads. */
    public static final Set<String> EVERY_FORMAT = Set.of("json", "ndjson", "csv", "x12");

    /** The defaults: CSV files in the default layout, no crosswalk, every format. */
    public static final ReadOptions DEFAULT = new ReadOptions(CsvLayout.DEFAULT);

    public ReadOptions(CsvLayout csv) {
        this(csv, Crosswalk.NONE, EVERY_FORMAT, X12Options.DEFAULT);
    }
}
