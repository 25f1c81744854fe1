package com.impilo.bridge.observe;

import java.util.Optional;

import com.impilo.bridge.outcome.DataFolderGuard;

/** Readiness: DOWN while the data folder cannot take outcomes (not writable, too little free space). */
public final class DataFolderCheck extends ReadinessCheck {

    private final DataFolderGuard guard;

    public DataFolderCheck(DataFolderGuard guard) {
        super("bridge-data-folder", "data-folder");
        this.guard = guard;
    }

    @Override
    protected Optional<String> problem() {
        return guard.problem().map(problem -> "the data folder cannot take outcomes: " + problem);
    }
}
