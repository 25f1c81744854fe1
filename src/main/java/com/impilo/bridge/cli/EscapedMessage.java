package com.impilo.bridge.cli;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.impilo.bridge.text.LogText;

/**
 * {@code %escapedMsg} in the console pattern: the message with its control characters escaped, so that a line logged
 * by a library with a value from outside in it (Camel's file component names the file) cannot forge a line either.
 * The bridge's own lines escape their values already; JSON lines are escaped by the JSON encoder.
 */
public final class EscapedMessage extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.of(super.convert(event));
    }
}
