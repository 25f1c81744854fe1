package com.impilo.bridge.outcome;

import com.impilo.bridge.ingest.UnreadableFileException;

/**
 * What a partner is answered about a whole file, beyond its receipt: X12's acknowledgments. Told by the file's
 * outcomes; the formats without an envelope are answered nothing.
 */
public interface PartnerReplies {

    /**
     * The file was checked and is about to be read: one that must not be (an X12 interchange taken before) is
     * refused here, before any of its orders is sent.
     */
    void checkNew(FileRun run) throws UnreadableFileException;

    /** Every order of the file has its outcome and the file is in {@code done/}. */
    void done(FileRun run);

    /** The file was rejected whole, for {@code problem}. */
    void rejected(String source, UnreadableFileException problem);

    /** Answers nothing. */
    PartnerReplies NONE = new PartnerReplies() {
        @Override
        public void checkNew(FileRun run) {
            // nothing is refused
        }

        @Override
        public void done(FileRun run) {
            // nothing to answer
        }

        @Override
        public void rejected(String source, UnreadableFileException problem) {
            // nothing to answer
        }
    };
}
