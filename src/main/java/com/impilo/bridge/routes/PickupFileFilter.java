package com.impilo.bridge.routes;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.impilo.bridge.settings.PartnerSource;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves at its source a file whose name is too long for the pickup to take, saying so once in the log. A file name
 * has at most 255 bytes, and the pickup needs a longer one beside the file: a local folder's read lock writes
 * {@code <name>.camelLock}, an SFTP download is written as {@code <name>.inprogress} in the source's work folder.
 * Without this filter the file would fail at every poll, each time with a stack trace, and never get an outcome.
 */
public final class PickupFileFilter<T> implements GenericFileFilter<T> {

    private static final int MAX_FILE_NAME_BYTES = 255;
    private static final Logger LOG = LoggerFactory.getLogger(PickupFileFilter.class);

    private final String source;
    private final int maxNameBytes;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public PickupFileFilter(PartnerSource source) {
        this.source = source.name();
        this.maxNameBytes = MAX_FILE_NAME_BYTES - switch (source.type()) {
            case LOCAL -> ".camelLock".length();
            case SFTP -> ".inprogress".length();
        };
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        String name = file.getFileNameOnly();
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= maxNameBytes) {
            return true;
        }
        if (reported.add(name)) {
            LOG.warn("file left at its source: source={}: its name has {} bytes, more than the {} a file to pick up"
                    + " may have; rename it: {}", source, bytes, maxNameBytes, LogText.of(name));
        }
        return false;
    }
}
