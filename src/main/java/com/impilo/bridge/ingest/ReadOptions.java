package com.impilo.bridge.ingest;

import com.impilo.bridge.settings.CsvLayout;

/** What a source's settings say about reading its files: the layout of its CSV files. */
public record ReadOptions(CsvLayout csv) {

    /** The defaults: CSV files in the default layout. */
    public static final ReadOptions DEFAULT = new ReadOptions(CsvLayout.DEFAULT);
}
