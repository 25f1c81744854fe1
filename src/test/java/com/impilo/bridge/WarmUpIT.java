package com.impilo.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.impilo.bridge.support.BridgeProcess;
import com.impilo.bridge.support.BridgeProcess.Result;
import com.impilo.bridge.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warm-up}: a class-data archive for quicker starts, written by the real jar, without touching the host. */
class WarmUpIT {

    private static final long TIMEOUT_SECONDS = 120;
    private static final String EVERY_ORDER_CREATED = "orders: 540 created, 0 duplicate(s) skipped, 0 rejected,"
            + " 0 undelivered";

    @TempDir
    Path work;

    @Test
    void writes_a_class_data_archive_that_the_next_start_loads_the_bridge_from() throws Exception {
        Path archive = work.resolve("classes.jsa");

        Result warmUp = BridgeProcess.runWithJvm(work, List.of("-Xlog:cds=error", "-XX:ArchiveClassesAtExit=" + archive),
                Map.of(), TIMEOUT_SECONDS, List.of("warm-up"));

        assertThat(warmUp.exitCode()).as(warmUp.describe()).isZero();
        assertThat(warmUp.output()).as(warmUp.describe()).contains(EVERY_ORDER_CREATED)
                .contains("class-data archive: " + archive + " is written as this JVM exits");
        assertThat(archive).isNotEmptyFile();
        assertThat(archiveCheck(archive, BridgeProcess.JAR)).as("the unit's check with the same jar").isZero();
        Path newJar = Files.copy(BridgeProcess.JAR, work.resolve("impilo-order-bridge.jar"));
        assertThat(archiveCheck(archive, newJar)).as("the unit's check after the jar was replaced").isNotZero();

        // -Xshare:on: the JVM refuses to start unless it can use the archive; validate reads an order as a run does
        Path order = Files.writeString(work.resolve("order.json"), Orders.patientOrder("warm-up-it-1"));
        Result start = BridgeProcess.runWithJvm(work, List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info"), Map.of(), TIMEOUT_SECONDS, List.of("validate", order.toString()));

        assertThat(start.exitCode()).as(start.describe()).isZero();
        assertThat(start.lines()).as(start.describe())
                .anyMatch(line -> line.endsWith("com.impilo.bridge.OrderBridgeApplication source: shared objects file"
                        + " (top)"))
                .anyMatch(line -> line.endsWith("com.impilo.bridge.ingest.OrderMapping source: shared objects file"
                        + " (top)"));
    }

    @Test
    void reads_no_configuration_of_the_host_and_leaves_nothing_behind() throws Exception {
        // a host set up for production: a partner's folder holding an order, a shared store, a user route, and a
        // logback file of its own that writes the bridge's lines to the host's log
        Path partner = Files.createDirectories(work.resolve("partner"));
        Files.writeString(partner.resolve("order.json"), Orders.patientOrder("host-order-1"));
        Files.createDirectories(work.resolve("config"));
        Files.writeString(work.resolve("config/application.properties"), "bridge.sources.inbox.path = " + partner
                + "\nimpilo.api.url = http://127.0.0.1:9\n");
        Path hostLog = work.resolve("host.log");
        Files.writeString(work.resolve("config/logback.xml"), """
                <configuration>
                  <appender name="HOST" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="com.impilo.bridge" level="INFO"/>
                  <root level="INFO"><appender-ref ref="HOST"/></root>
                </configuration>
                """.formatted(hostLog));
        Path marker = work.resolve("user-route-ran");
        Files.createDirectories(work.resolve("routes"));
        Files.writeString(work.resolve("routes/host-route.yaml"), """
                - route:
                    from:
                      uri: timer:host-route?repeatCount=1&delay=0
                      steps:
                        - setBody:
                            constant: ran
                        - to:
                            uri: file:%s?fileName=%s
                """.formatted(marker.getParent(), marker.getFileName()));
        Path temp = Files.createDirectories(work.resolve("tmp"));

        Result warmUp = BridgeProcess.runWithJvm(work, List.of("-Djava.io.tmpdir=" + temp,
                "-Dbridge.store.url=jdbc:postgresql://127.0.0.1:9/production"),
                Map.of("BRIDGE_STORE_URL", "jdbc:postgresql://127.0.0.1:9/production"),
                TIMEOUT_SECONDS, List.of("warm-up"));

        assertThat(warmUp.exitCode()).as(warmUp.describe()).isZero();
        assertThat(warmUp.output()).as(warmUp.describe()).contains(EVERY_ORDER_CREATED)
                .contains("no class-data archive asked for: run it as java -XX:ArchiveClassesAtExit=FILE -jar"
                        + " impilo-order-bridge.jar warm-up");
        assertThat(partner.resolve("order.json")).as("the partner's file stays where it is").exists();
        assertThat(marker).as("the host's user routes do not run").doesNotExist();
        assertThat(Files.exists(hostLog) ? Files.readString(hostLog) : "").as("nothing in the host's log").isEmpty();
        assertThat(work.resolve("data")).as("no data folder in the working folder").doesNotExist();
        try (var left = Files.list(temp)) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .as("the warm-up's own folder is gone").noneMatch(name -> name.startsWith("impilo-bridge-warm-up"));
        }
    }

    // What the service unit's check runs before each start: exit 0 only when the JVM can use the archive with this jar.
    private static int archiveCheck(Path archive, Path jar) throws Exception {
        Process check = new ProcessBuilder(BridgeProcess.javaExecutable(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", jar.toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(check.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the check ends").isTrue();
        return check.exitValue();
    }
}
