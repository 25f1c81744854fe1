package com.impilo.bridge.outcome;

/** The remote folders, relative to a remote source's path, where its files go once the bridge has taken them. */
public record RemoteFolders(String done, String rejected) {
}
