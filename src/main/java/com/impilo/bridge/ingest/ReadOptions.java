package com.impilo.bridge.ingest;

import com.impilo.bridge.settings.Crosswalk;
import com.impilo.bridge.settings.CsvLayout;

/** What a source's settings say about reading its files: the layout of its CSV files, and its crosswalk of codes. */
public record ReadOptions(CsvLayout csv, Crosswalk crosswalk) {

    /** The defaults: CSV files in the default layout, no crosswalk. */
    public static final ReadOptions DEFAULT = new ReadOptions(CsvLayout.DEFAULT, Crosswalk.NONE);

    public ReadOptions(CsvLayout csv) {
        this(csv, Crosswalk.NONE);
    }
}
