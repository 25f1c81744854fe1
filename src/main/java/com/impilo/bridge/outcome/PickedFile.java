package com.impilo.bridge.outcome;

import java.nio.file.Path;

/**
 * A partner file as it was picked up: its source and name, and either the local file with its size and modification
 * time (ms) when it was taken, or the downloaded copy of a remote one.
 *
 * @param localFile the file in a local folder, or null for a download
 * @param workCopy  the downloaded copy of a remote file, or null for a local one
 */
public record PickedFile(String source, String fileName, Path localFile, long size, long modified, Path workCopy) {
}
