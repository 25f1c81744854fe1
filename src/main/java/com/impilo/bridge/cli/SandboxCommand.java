package com.impilo.bridge.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.impilo.bridge.sandbox.ImpiloSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandbox}: runs the Impilo simulator on its own, for a bridge in another process (benchmarks, trials). */
@Command(name = "sandbox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Runs the embedded Impilo v3 API simulator on 127.0.0.1 until stopped (Ctrl-C / SIGTERM), so that a bridge in"
                + " another process can be pointed at it: -Dimpilo.api.url=<printed URL> -Dimpilo.api.key=<key>."})
public final class SandboxCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: any free port).")
    private int port;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "sandbox-key",
            description = "The API key the simulator accepts (default: ${DEFAULT-VALUE}).")
    private String apiKey;

    @Option(names = "--latency-ms", paramLabel = "MS", description = "Added latency of every API call, in ms.")
    private long latencyMs;

    @Option(names = "--seed", paramLabel = "N", description = "Orders to hold from the start (ids from 1001, external"
            + " ids seed-1..seed-N), e.g. to try or measure the order feed on a large account.")
    private int seed;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        try (ImpiloSandbox sandbox = ImpiloSandbox.start(port, apiKey)) {
            sandbox.faults().latency(Duration.ofMillis(latencyMs));
            for (int i = 1; i <= seed; i++) {
                sandbox.createOrder("{\"externalOrderIds\":[\"seed-" + i + "\"],\"patient\":{\"id\":" + i + "},"
                        + "\"orderItems\":[{\"item\":{\"id\":" + (1 + i % 500) + "},\"count\":1}]}");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "sandbox-shutdown"));
            // the first line is meant for scripts: they read the URL from it
            out.println("sandbox listening on " + sandbox.baseUrl());
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
