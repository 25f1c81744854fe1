package com.impilo.bridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The runnable fat jar as a child process, the way an operator runs it, with its output captured to a file. */
public final class BridgeProcess {

    /** The jar that Maven's package phase built; failsafe passes its path. */
    public static final Path JAR = Path.of(System.getProperty("it.bridge.jar", "target/impilo-order-bridge.jar"))
            .toAbsolutePath();
    // Environment variables the bridge reads; removed so the developer's or CI's environment cannot steer the child.
    private static final List<String> BRIDGE_ENVIRONMENT = List.of(
            "IMPILO_API_KEY", "IMPILO_API_URL", "BRIDGE_DATA_DIR", "BRIDGE_STORE_URL");

    private final Process process;
    private final Path log;

    private BridgeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the jar in {@code workDir} (so that no repository config/ or routes/ is picked up). */
    public static BridgeProcess start(Path workDir, List<String> args) {
        return start(workDir, args, Map.of());
    }

    /** Starts the jar in {@code workDir}, with {@code extraEnvironment} added to its environment. */
    public static BridgeProcess start(Path workDir, List<String> args, Map<String, String> extraEnvironment) {
        return start(workDir, List.of(), args, extraEnvironment);
    }

    /**
     * Starts the jar in {@code workDir} through {@code prefix}, a command that runs another one (e.g. setpriv to run
     * it as another user), with {@code extraEnvironment} added to its environment.
     */
    public static BridgeProcess start(Path workDir, List<String> prefix, List<String> args,
                                      Map<String, String> extraEnvironment) {
        return start(workDir, prefix, List.of(), args, extraEnvironment);
    }

    /** Starts the jar in {@code workDir} with {@code jvmOptions} before {@code -jar} (e.g. a class-data archive). */
    public static BridgeProcess start(Path workDir, List<String> prefix, List<String> jvmOptions, List<String> args,
                                      Map<String, String> extraEnvironment) {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(args);
        try {
            Path log = Files.createTempFile(workDir, "bridge-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            BRIDGE_ENVIRONMENT.forEach(environment::remove);
            environment.putAll(extraEnvironment);
            return new BridgeProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** What a run of the jar left behind: its exit code and everything it printed on stdout and stderr. */
    public record Result(int exitCode, String output) {

        public List<String> lines() {
            return output.lines().toList();
        }

        /** For assertion messages: the exit code and the whole output. */
        public String describe() {
            return "exit " + exitCode + ", output:\n" + output;
        }
    }

    /** Runs the jar in {@code workDir} to its end, with {@code environment} added, and returns what it did. */
    public static Result run(Path workDir, Map<String, String> environment, long timeoutSeconds, List<String> args)
            throws InterruptedException {
        return runWithJvm(workDir, List.of(), environment, timeoutSeconds, args);
    }

    /** As {@link #run}, with {@code jvmOptions} before {@code -jar}. */
    public static Result runWithJvm(Path workDir, List<String> jvmOptions, Map<String, String> environment,
                                    long timeoutSeconds, List<String> args) throws InterruptedException {
        return runToEnd(start(workDir, List.of(), jvmOptions, args, environment), timeoutSeconds);
    }

    /** As {@link #run}, the jar started through {@code prefix}, e.g. a command that runs it as another user. */
    public static Result runAs(Path workDir, List<String> prefix, List<String> args, long timeoutSeconds)
            throws InterruptedException {
        return runToEnd(start(workDir, prefix, List.of(), args, Map.of()), timeoutSeconds);
    }

    private static Result runToEnd(BridgeProcess process, long timeoutSeconds) throws InterruptedException {
        int exitCode = process.awaitExit(timeoutSeconds);
        return new Result(exitCode, process.output());
    }

    /** Waits for the process to end by itself; kills it and fails when it takes longer than the timeout. */
    public int awaitExit(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the bridge did not exit within " + timeoutSeconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no cleanup, as in a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: Camel's graceful shutdown; returns the exit code. */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        return awaitExit(timeoutSeconds);
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java that runs the tests, so that the jar runs on the same Java. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
