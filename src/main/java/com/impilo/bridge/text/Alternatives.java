package com.impilo.bridge.text;

import java.util.List;

/** Choices as a message names them: {@code a}, {@code a or b}, {@code a, b or c}. */
public final class Alternatives {

    private Alternatives() {
    }

    /** The words, the last joined by "or", the others by commas. */
    public static String of(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }
}
