package com.impilo.bridge.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** A lazy, closeable stream of the orders of one file; Camel's streaming splitter closes it when done. */
public abstract class OrderIterator implements Iterator<ParsedOrder>, Closeable {

    private ParsedOrder next;
    private boolean closed;

    /** The next order, or null at the end. */
    protected abstract ParsedOrder advance() throws IOException;

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (next == null) {
            try {
                next = advance();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public ParsedOrder next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ParsedOrder current = next;
        next = null;
        return current;
    }

    /** Releases the file; the splitter may still ask {@link #hasNext()} afterwards, which then answers false. */
    @Override
    public void close() throws IOException {
        closed = true;
        release();
    }

    protected abstract void release() throws IOException;
}
