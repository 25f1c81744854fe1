package com.impilo.bridge.validate;

import java.util.List;
import java.util.stream.Collectors;

/** An order breaks the guide's rules; it is rejected before anything is sent, with every violation listed. */
public class InvalidOrderException extends Exception {

    private final List<Violation> violations;

    public InvalidOrderException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
