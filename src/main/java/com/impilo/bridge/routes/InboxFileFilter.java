package com.impilo.bridge.routes;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves in the inbox a file whose name is too long for the pickup's read lock, saying so once in the log: the lock
 * needs {@code <name>.camelLock} beside the file, and a file name has at most 255 bytes. Without this filter the
 * file would fail to lock at every poll, each time with a stack trace, and never get an outcome.
 */
public final class InboxFileFilter implements GenericFileFilter<Object> {

    /** The longest file name the pickup can lock, in bytes. */
    public static final int MAX_NAME_BYTES = 255 - ".camelLock".length();

    private static final Logger LOG = LoggerFactory.getLogger(InboxFileFilter.class);

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Override
    public boolean accept(GenericFile<Object> file) {
        String name = file.getFileNameOnly();
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= MAX_NAME_BYTES) {
            return true;
        }
        if (reported.add(name)) {
            LOG.warn("file left in the inbox: its name has {} bytes, more than the {} a file to pick up may have;"
                    + " rename it: {}", bytes, MAX_NAME_BYTES, name);
        }
        return false;
    }
}
