package dev.tidings.rest;

import dev.tidings.config.Limits;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps every request body at {@code tidings.request.max-body-bytes}: a declared length over the
 * cap is refused before reading, and a chunked body is cut off as soon as it passes the cap.
 */
@Provider
@PreMatching
public class BodyLimit implements ContainerRequestFilter {

    @Inject
    Limits limits;

    @Override
    public void filter(ContainerRequestContext request) {
        long max = limits.maxBodyBytes();
        if (request.getLength() > max) {
            request.abortWith(Problems.response(413, new BodyTooLargeException(max).getMessage()));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Capped(request.getEntityStream(), max));
        }
    }

    /** Counts bytes as they are read and fails past the cap. */
    private static final class Capped extends FilterInputStream {
        private final long max;
        private long count;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(long n) throws BodyTooLargeException {
            count += n;
            if (count > max) {
                throw new BodyTooLargeException(max);
            }
        }
    }
}
