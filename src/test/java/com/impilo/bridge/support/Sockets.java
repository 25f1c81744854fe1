package com.impilo.bridge.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Plain sockets for tests that talk to the bridge's HTTP servers below the level of an HTTP client. */
public final class Sockets {

    private Sockets() {
    }

    /** A port nothing listens on at the moment of asking. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Whether the other side has closed or reset the connection (waits at most 50 ms for a sign). */
    public static boolean closed(Socket socket) {
        try {
            socket.setSoTimeout(50);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
