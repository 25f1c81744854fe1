package com.impilo.bridge.text;

/**
 * Values as they may stand in a log line. A file name, an external order id, a webhook's id or an answer's message
 * comes from outside and may hold a newline, a carriage return or a terminal escape that would forge a line or
 * repaint the console; here every such character is written as an escape ({@code \n}, {@code \r}, {@code \t},
 * {@code \u001b}). Unicode's line and paragraph separators and its direction overrides are escaped too.
 */
public final class LogText {

    private LogText() {
    }

    /** The value's text with its control characters escaped; {@code null} for null. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        if (text.chars().noneMatch(LogText::escaped)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (escaped(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static boolean escaped(int c) {
        return Character.isISOControl(c)
                || c == 0x2028 || c == 0x2029
                || c >= 0x202A && c <= 0x202E
                || c >= 0x2066 && c <= 0x2069
                || c == 0x200E || c == 0x200F || c == 0x061C;
    }
}
