package com.impilo.bridge.observe;

import java.util.Optional;

import com.impilo.bridge.routes.RemoteSourceLog;

/** Readiness: DOWN while a remote (SFTP) source cannot be reached at its polls; one check per source. */
public final class SourceConnectionCheck extends ReadinessCheck {

    private final RemoteSourceLog log;

    public SourceConnectionCheck(String source, RemoteSourceLog log) {
        super("bridge-source-" + source, "source-connection");
        this.log = log;
    }

    @Override
    protected Optional<String> problem() {
        return log.problem();
    }
}
