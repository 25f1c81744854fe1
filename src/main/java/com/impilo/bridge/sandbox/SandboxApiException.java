package com.impilo.bridge.sandbox;

/** An API error the sandbox answers with: HTTP status, optional Impilo error code and message. */
final class SandboxApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    private SandboxApiException(int status, String code, String message) {
        // No stack trace: these are ordinary answers, thrown on every rejected request of a benchmark.
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** A 400 without an Impilo error code. */
    static SandboxApiException badRequest(String message) {
        return new SandboxApiException(400, null, message);
    }

    /** A 400 with one of the Impilo error codes such as item_not_orderable. */
    static SandboxApiException rejected(String code, String message) {
        return new SandboxApiException(400, code, message);
    }

    static SandboxApiException notFound(String message) {
        return new SandboxApiException(404, null, message);
    }

    static SandboxApiException tooLarge(String message) {
        return new SandboxApiException(413, null, message);
    }

    int status() {
        return status;
    }

    /** The Impilo error code, or null. */
    String code() {
        return code;
    }
}
