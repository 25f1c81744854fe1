package com.impilo.bridge;

import com.impilo.bridge.cli.BridgeCommand;
import picocli.CommandLine;

/** Entry point of the runnable jar: hands the command line to {@link BridgeCommand} and exits with its code. */
public final class OrderBridgeApplication {

    private OrderBridgeApplication() {
    }

    public static void main(String[] args) {
        System.exit(BridgeCommand.commandLine(true).execute(args));
    }

    /** Runs the command line in a process that someone else owns (tests, scripts) and returns its exit code. */
    public static int run(String... args) {
        return BridgeCommand.commandLine(false).execute(args);
    }
}
