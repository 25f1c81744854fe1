package com.impilo.bridge.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * Reads at most so many bytes of any answer of the API: {@code bridge.http.max-answer-bytes} of a successful one (a
 * page of 250 orders needs a few hundred KB), {@value #ERROR_ANSWER_BYTES} of an error, which only explains itself.
 * The bound holds twice, once for the bytes as they arrive and once for them inflated, since HttpClient decompresses
 * gzip on the way: a small gzip answer that inflates to gigabytes is cut like a large plain one. Beyond the bound the
 * connection is dropped (not read to its end) and the answer ends with a note that says it was cut; an error answer
 * so cut is still the API's answer (its start goes into the dead letter), a successful one fails to read as JSON.
 */
public final class AnswerLimit implements HttpClientConfigurer {

    /** At most this much of an error answer is read. */
    public static final int ERROR_ANSWER_BYTES = 64 * 1024;

    private final long maxBytes;

    /** @param maxBytes at most this much of a successful answer is read */
    public AnswerLimit(long maxBytes) {
        if (maxBytes < ERROR_ANSWER_BYTES) {
            throw new IllegalArgumentException("the answer limit must be at least " + ERROR_ANSWER_BYTES + " bytes");
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // outside the decompression the inflated bytes are counted, inside it the bytes as they arrive
        builder.addExecInterceptorBefore(ChainElement.COMPRESS.name(), "impilo-answer-limit", new Bound(false));
        builder.addExecInterceptorAfter(ChainElement.COMPRESS.name(), "impilo-answer-limit-raw", new Bound(true));
    }

    private final class Bound implements ExecChainHandler {
        private final boolean raw;

        Bound(boolean raw) {
            this.raw = raw;
        }

        @Override
        public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
                throws IOException, HttpException {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                long limit = response.getCode() >= 300 ? ERROR_ANSWER_BYTES : maxBytes;
                // the compressed bytes may run a little past the inflated bound: gzip's headers and blocks
                response.setEntity(new Limited(entity, raw ? limit + ERROR_ANSWER_BYTES : limit, raw,
                        scope.execRuntime::discardEndpoint));
            }
            return response;
        }
    }

    /** An answer's body that ends at its bound, with a note unless the bytes are still compressed. */
    private static final class Limited extends HttpEntityWrapper {
        private final long limit;
        private final boolean raw;
        private final Runnable dropConnection;

        Limited(HttpEntity entity, long limit, boolean raw, Runnable dropConnection) {
            super(entity);
            this.limit = limit;
            this.raw = raw;
            this.dropConnection = dropConnection;
        }

        @Override
        public long getContentLength() {
            long length = super.getContentLength();
            return length > limit ? -1 : length;
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream content = super.getContent();
            return content == null ? null : new LimitedStream(content, limit, raw, dropConnection);
        }
    }

    private static final class LimitedStream extends FilterInputStream {
        private final long limit;
        private final Runnable dropConnection;
        private final byte[] note;
        private long read;
        private int noteRead;
        private boolean cut;

        LimitedStream(InputStream in, long limit, boolean raw, Runnable dropConnection) {
            super(in);
            this.limit = limit;
            this.dropConnection = dropConnection;
            this.note = raw ? new byte[0]
                    : ("… [cut: the answer was longer than " + limit + " bytes]").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (cut) {
                if (noteRead == note.length) {
                    return -1;
                }
                int n = Math.min(length, note.length - noteRead);
                System.arraycopy(note, noteRead, buffer, offset, n);
                noteRead += n;
                return n;
            }
            // one byte past the bound tells a body of exactly the bound from a longer one
            int n = super.read(buffer, offset, (int) Math.min(length, limit + 1 - read));
            if (n < 0) {
                return n;
            }
            read += n;
            if (read > limit) {
                cut = true;
                // the rest is never read: the connection goes, rather than be drained for reuse
                dropConnection.run();
                return n - 1 == 0 ? read(buffer, offset, length) : n - 1;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }

        @Override
        public int available() throws IOException {
            return cut ? note.length - noteRead : (int) Math.min(super.available(), limit - read);
        }

        @Override
        public void close() throws IOException {
            if (cut) {
                // the underlying stream would read the rest to reuse the connection, which is dropped
                try {
                    super.close();
                } catch (IOException dropped) {
                    // the connection is gone already
                }
                return;
            }
            super.close();
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
