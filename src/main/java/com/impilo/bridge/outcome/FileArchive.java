package com.impilo.bridge.outcome;

/**
 * Where a file goes once its outcome is known: the local path it is archived under, and for a remote source that
 * moves its files, the remote path relative to the source's folder (null when it has none).
 */
public record FileArchive(String local, String remote) {
}
