package com.impilo.bridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the tests, no Docker: a throwaway cluster of Debian's {@code postgresql} package in a
 * temporary folder, on a free loopback port, started once per test JVM and removed when it ends. As root (CI), the
 * server runs as the {@code postgres} user, since PostgreSQL refuses to run as root. Each test takes a fresh
 * database of its own.
 */
public final class PostgresServer {

    private static final String USER = "bridge";
    private static final String PASSWORD = "bridge-test";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer running;

    private final Path dir;
    private final int port;
    private final Path bin;
    private final boolean asPostgres;

    private PostgresServer(Path dir, int port, Path bin, boolean asPostgres) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
        this.asPostgres = asPostgres;
    }

    /** The server of this test JVM, started on first use. */
    public static synchronized PostgresServer get() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
        }
        return running;
    }

    /**
     * A server of its own, for a test that stops and starts it (a database outage); the caller closes it. Other tests
     * share {@link #get()}.
     */
    public static PostgresServer startPrivate() {
        return start();
    }

    /** Stops the server at once, as a crash or a lost network would: connections break, new ones are refused. */
    public void stopServer() {
        try {
            runAsServer(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
                    "immediate", "-w", "stop"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Starts the stopped server again, on the same port with the same databases. */
    public void startServer() {
        try {
            pgCtlStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL again: " + e.getMessage(), e);
        }
    }

    private void pgCtlStart() throws IOException {
        runAsServer(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                dir.resolve("server.log").toString(), "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start"));
    }

    /** Stops a server of its own and removes its folder. */
    public void close() {
        stop();
    }

    /** A new, empty database and its JDBC URL; the user and password are {@link #user()} and {@link #password()}. */
    public String newDatabase() {
        String name = "bridge_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement sql = admin.createStatement()) {
            sql.executeUpdate("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() {
        try {
            Path bin = binaries();
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("bridge-postgres-");
            Path data = dir.resolve("data");
            Path password = dir.resolve("password");
            Files.writeString(password, PASSWORD, StandardCharsets.UTF_8);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            int port = Sockets.freePort();
            PostgresServer server = new PostgresServer(dir, port, bin, root);
            server.runAsServer(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "--pwfile=" + password, "-A", "scram-sha-256", "-E", "UTF8", "--no-sync"));
            server.pgCtlStart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a PostgreSQL for the tests: " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            runAsServer(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
                    "immediate", "stop"));
        } catch (IOException | RuntimeException ignored) {
            // the folder goes anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    // Debian's packages put each major version under /usr/lib/postgresql/<version>/bin; the newest is taken.
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("PostgreSQL is not installed (no " + root + "): apt-get install postgresql");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException("no initdb under " + root));
        }
    }

    private void runAsServer(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
