package com.impilo.bridge.cli;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.impilo.bridge.outcome.OrderLog;
import com.impilo.bridge.settings.BridgeSettings;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What the standalone bridge prints: text or JSON lines, and how much. A {@code config/logback.xml} (or
 * {@code -Dlogback.configurationFile}) of the operator's own always wins, levels included.
 */
final class ConsoleLogging {

    private static final String CONFIGURATION_FILE = "logback.configurationFile";
    private static final String TEXT = "logback.xml";
    private static final String JSON = "logback-json.xml";
    private static final String CAMEL = "org.apache.camel";
    // the loggers this class made quiet, so that it can undo only its own levels
    private static final Map<String, Boolean> QUIETED = new ConcurrentHashMap<>();
    // -Dlogback.configurationFile was given: the operator's file decides the format
    private static volatile boolean operatorChose;

    private ConsoleLogging() {
    }

    /**
     * Before the first logger exists: config/logback.xml beside the jar wins over the one shipped inside it;
     * BRIDGE_LOG_FORMAT=json picks the JSON-lines variant at once, before the configuration is read.
     */
    static void configureEarly() {
        if (System.getProperty(CONFIGURATION_FILE) != null) {
            operatorChose = true;
        } else {
            String format = System.getProperty("bridge.log.format",
                    System.getenv().getOrDefault("BRIDGE_LOG_FORMAT", ""));
            System.setProperty(CONFIGURATION_FILE, location("json".equalsIgnoreCase(format.trim()) ? JSON : TEXT));
        }
        // until the settings say otherwise: a configuration error is its own lines and nothing of Camel's
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            quiet(logback.getLogger(CAMEL), true);
        }
        // libraries that log through java.util.logging (StAEDI) print in the same format, at the levels set here
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** The console the settings ask for: the format, and Camel's and each order's lines only when wanted. */
    static void apply(BridgeSettings.Console console) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return;
        }
        String wanted = location(console.json() ? JSON : TEXT);
        if (!operatorChose && !wanted.equals(System.getProperty(CONFIGURATION_FILE))) {
            System.setProperty(CONFIGURATION_FILE, wanted);
            reconfigure(logback, wanted);
        }
        quiet(logback.getLogger(CAMEL), !console.camelLines());
        quiet(logback.getLogger(OrderLog.NAME), !console.orderLines());
    }

    /**
     * Only warnings and errors of Camel's own loggers, for commands whose output is their answer; returns what puts
     * the level back, for a process that goes on (a test, a script).
     */
    static Runnable quietCamel() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return () -> { };
        }
        Logger camel = logback.getLogger(CAMEL);
        Level before = camel.getLevel();
        Boolean quietedBefore = QUIETED.get(CAMEL);
        quiet(camel, true);
        return () -> {
            camel.setLevel(before);
            if (quietedBefore == null) {
                QUIETED.remove(CAMEL);
            }
        };
    }

    /**
     * The jar's own console format at warnings and errors only, whatever the operator's logback file, format or levels
     * say: for {@code warm-up}, whose made-up orders belong in no operator's log.
     */
    static void ownConsoleWarningsOnly() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return;
        }
        reconfigure(logback, ConsoleLogging.class.getClassLoader().getResource("impilo-order-bridge/" + TEXT));
        quiet(logback.getLogger(CAMEL), true);
        quiet(logback.getLogger("com.impilo.bridge"), true);
    }

    // Quiet means warnings and errors only; a level that the operator's logback file sets stays as it is.
    private static void quiet(Logger logger, boolean quiet) {
        boolean ours = logger.getLevel() == null || Boolean.TRUE.equals(QUIETED.get(logger.getName()));
        if (ours) {
            logger.setLevel(quiet ? Level.WARN : null);
            QUIETED.put(logger.getName(), quiet);
        }
    }

    private static String location(String name) {
        Path local = Path.of("config", name);
        return Files.isRegularFile(local) ? local.toString() : "impilo-order-bridge/" + name;
    }

    private static void reconfigure(LoggerContext logback, String location) {
        try {
            Path local = Path.of(location);
            reconfigure(logback, Files.isRegularFile(local) ? local.toUri().toURL()
                    : ConsoleLogging.class.getClassLoader().getResource(location));
        } catch (MalformedURLException e) {
            throw new IllegalStateException("cannot configure logging from " + location + ": " + e.getMessage(), e);
        }
    }

    private static void reconfigure(LoggerContext logback, URL url) {
        try {
            logback.reset();
            QUIETED.clear();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(logback);
            configurator.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging from " + url + ": " + e.getMessage(), e);
        }
    }
}
