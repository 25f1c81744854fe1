package com.impilo.bridge.cli;

import java.util.concurrent.atomic.AtomicBoolean;

import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C end the run the way a finished {@code --once} run ends: in-flight orders finish, the summary is
 * printed and the exit code is 0 after a clean stop, instead of the JVM's 143. A second signal stops at once.
 */
final class Termination {

    /** Exit code after a second signal: the JVM's own for SIGTERM. */
    private static final int FORCED = 143;

    private Termination() {
    }

    /** From now on, the first SIGTERM or SIGINT calls {@code stop}; the second exits at once. */
    static void onSignal(Runnable stop) {
        AtomicBoolean signalled = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (signalled.compareAndSet(false, true)) {
                    new Thread(stop, "bridge-stop").start();
                } else {
                    Runtime.getRuntime().halt(FORCED);
                }
            });
        }
    }
}
