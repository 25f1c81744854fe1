package com.impilo.bridge.outcome;

/** The Impilo API refused the API key while a file was being processed; the file waits at its source. */
public class ApiKeyRefusedException extends Exception {

    public ApiKeyRefusedException(String fileName) {
        super("the Impilo API refused the API key while " + fileName + " was processed; the file stays at its source");
    }
}
