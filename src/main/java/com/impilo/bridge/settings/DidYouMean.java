package com.impilo.bridge.settings;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The valid name closest to a mistyped one, for "did you mean ...?" hints. Edit distance (Levenshtein) in a dozen
 * lines: none of the bridge's libraries offers one, and this is not worth a new dependency.
 */
final class DidYouMean {

    private DidYouMean() {
    }

    /** The candidate closest to {@code typed}, when it is close enough to be a plausible typo. */
    static Optional<String> suggest(String typed, Collection<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt((String candidate) -> distance(typed, candidate))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(best -> distance(typed, best) <= Math.max(2, typed.length() / 4));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
