package com.impilo.bridge.routes;

import java.io.File;
import java.util.function.Function;

import com.impilo.bridge.store.FileClaims;
import com.impilo.bridge.store.StoreGuard;
import com.impilo.bridge.text.LogText;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.component.file.remote.strategy.SftpChangedExclusiveReadLockStrategy;
import org.apache.camel.component.file.strategy.FileChangedExclusiveReadLockStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's read lock: a file is taken only by the instance that claims it in the state store ({@link FileClaims}),
 * and only once it is ready (unchanged for the min-age, as the endpoint's {@code readLock=changed} options say; a file
 * with a done file is ready as it is). The claim comes first, so that the instances that lose it do not wait for the
 * file too. It is released once the file has moved away (or is given up), so that a file dropped later under the same
 * name is a new file; the claims held meanwhile are renewed in the background ({@link FileClaims#renewHeld}).
 *
 * <p>With a store of the instance's own (embedded SQLite) there is no other instance to claim against: the read lock
 * is the readiness check alone, with Camel's marker files ({@code <name>.camelLock}) as before. With a shared store the
 * claim is the lock and there are no marker files: a marker left by an instance that died would keep the file from the
 * others for good, and one deleted by a restarting instance would let two take it.
 */
public final class ClaimedReadLock<T> implements GenericFileExclusiveReadLockStrategy<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedReadLock.class);
    private static final String CLAIMED = "bridgeClaimedFile";

    private final String source;
    private final FileClaims claims;
    private final StoreGuard store;
    private final Function<GenericFileEndpoint<T>, GenericFileExclusiveReadLockStrategy<T>> readinessOf;
    private volatile GenericFileExclusiveReadLockStrategy<T> readiness;

    private ClaimedReadLock(String source, FileClaims claims, StoreGuard store,
                            Function<GenericFileEndpoint<T>, GenericFileExclusiveReadLockStrategy<T>> readinessOf) {
        this.source = source;
        this.claims = claims;
        this.store = store;
        this.readinessOf = readinessOf;
    }

    /**
     * For a local folder.
     *
     * @param claims the shared store's claims, or null when the store is this instance's own
     * @param store  tells whether the shared store can be reached: while it cannot, no file is claimed
     */
    public static ClaimedReadLock<File> local(String source, FileClaims claims, StoreGuard store) {
        boolean markerFiles = claims == null;
        return new ClaimedReadLock<>(source, claims, store, endpoint -> {
            FileChangedExclusiveReadLockStrategy changed = new FileChangedExclusiveReadLockStrategy();
            changed.setMinAge(endpoint.getReadLockMinAge());
            changed.setMinLength(endpoint.getReadLockMinLength());
            changed.setTimeout(endpoint.getReadLockTimeout());
            changed.setCheckInterval(endpoint.getReadLockCheckInterval());
            changed.setReadLockLoggingLevel(endpoint.getReadLockLoggingLevel());
            changed.setMarkerFiler(markerFiles && endpoint.isReadLockMarkerFile());
            changed.setDeleteOrphanLockFiles(markerFiles && endpoint.isReadLockDeleteOrphanLockFiles());
            return changed;
        });
    }

    /**
     * For an SFTP folder: ready once unchanged, or at once when the source uses done files.
     *
     * @param claims the shared store's claims, or null when the store is this instance's own
     * @param store  tells whether the shared store can be reached: while it cannot, no file is claimed
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ClaimedReadLock<SftpRemoteFile> sftp(String source, FileClaims claims, StoreGuard store) {
        return new ClaimedReadLock<>(source, claims, store, endpoint -> {
            if (!"changed".equals(endpoint.getReadLock())) {
                return null;
            }
            SftpChangedExclusiveReadLockStrategy changed = new SftpChangedExclusiveReadLockStrategy();
            changed.setMinAge(endpoint.getReadLockMinAge());
            changed.setMinLength(endpoint.getReadLockMinLength());
            changed.setTimeout(endpoint.getReadLockTimeout());
            changed.setCheckInterval(endpoint.getReadLockCheckInterval());
            changed.setReadLockLoggingLevel(endpoint.getReadLockLoggingLevel());
            // Camel's SFTP strategy is typed by JSch's entry, its endpoint by the remote file that wraps it
            return (GenericFileExclusiveReadLockStrategy) changed;
        });
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<T> operations, GenericFileEndpoint<T> endpoint)
            throws Exception {
        readiness = readinessOf.apply(endpoint);
        if (readiness != null) {
            readiness.prepareOnStartup(operations, endpoint);
        }
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<T> operations, GenericFile<T> file,
                                            Exchange exchange) throws Exception {
        if (claims == null) {
            return readiness == null || readiness.acquireExclusiveReadLock(operations, file, exchange);
        }
        // while the store is away no file can be claimed: each stays at its source, and the guard says so once
        if (!store.available()) {
            return false;
        }
        String key = file.getRelativeFilePath();
        boolean claimed;
        try {
            claimed = claims.claim(source, key);
        } catch (RuntimeException e) {
            if (store.unreachable(e)) {
                return false;
            }
            throw e;
        }
        if (!claimed) {
            LOG.debug("file {} of source {} is claimed by another instance", LogText.of(key), source);
            return false;
        }
        boolean ready = false;
        try {
            GenericFileExclusiveReadLockStrategy<T> check = readiness;
            // a file that moved away after this instance listed it (another finished it) is no file to take, and
            // Camel's SFTP check takes a vanished file for a ready one of length 0
            ready = (check == null || check.acquireExclusiveReadLock(operations, file, exchange))
                    && operations.existsFile(file.getAbsoluteFilePath());
        } finally {
            if (!ready) {
                claims.release(source, key);
            }
        }
        if (ready) {
            exchange.setProperty(CLAIMED, key);
        }
        return ready;
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<T> operations, GenericFile<T> file,
                                                Exchange exchange) throws Exception {
        release(exchange, check -> check.releaseExclusiveReadLockOnAbort(operations, file, exchange));
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<T> operations, GenericFile<T> file,
                                                   Exchange exchange) throws Exception {
        release(exchange, check -> check.releaseExclusiveReadLockOnRollback(operations, file, exchange));
    }

    // Camel calls it after the file has moved to its outcome folder (or was deleted).
    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<T> operations, GenericFile<T> file,
                                                 Exchange exchange) throws Exception {
        release(exchange, check -> check.releaseExclusiveReadLockOnCommit(operations, file, exchange));
    }

    @FunctionalInterface
    private interface Release<F> {
        void of(GenericFileExclusiveReadLockStrategy<F> check) throws Exception;
    }

    // The readiness check's own release (its marker file), then the claim's.
    private void release(Exchange exchange, Release<T> readinessRelease) throws Exception {
        try {
            if (readiness != null) {
                readinessRelease.of(readiness);
            }
        } finally {
            releaseClaim(exchange);
        }
    }

    private void releaseClaim(Exchange exchange) {
        String key = exchange.getProperty(CLAIMED, String.class);
        if (key == null || claims == null) {
            return;
        }
        try {
            claims.release(source, key);
        } catch (IllegalStateException e) {
            LOG.warn("the claim of file {} of source {} stays in the state store until its lease runs out: {}",
                    LogText.of(key), source, LogText.of(e.getMessage()));
        }
    }

    // The endpoint's readLock* options configure the readiness check at start (prepareOnStartup).
    @Override
    public void setTimeout(long timeout) {
        // taken from the endpoint
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        // taken from the endpoint
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        // taken from the endpoint
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        // decided by whether the store is shared
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // decided by whether the store is shared
    }
}
