package com.impilo.bridge.routes;

import com.impilo.bridge.settings.PartnerSource;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * What a source's pickup endpoint is built with, besides its settings: its file filter, read lock ({@link
 * ClaimedReadLock}) and poll strategy, and for a remote source its store of processed files and its connection log.
 *
 * @param processed     the remote files already processed, or null for a local folder
 * @param connectionLog the remote source's connection log, or null for a local folder
 */
public record SourceParts(PartnerSource source, GenericFileFilter<?> filter,
                          GenericFileExclusiveReadLockStrategy<?> readLock, PollingConsumerPollStrategy pollStrategy,
                          IdempotentRepository processed, ExceptionHandler connectionLog) {
}
