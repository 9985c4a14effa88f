package dev.tidings.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.delivery.AtCapacityException;
import dev.tidings.delivery.ServerStoppingException;
import dev.tidings.delivery.TooManyConnectionsException;
import dev.tidings.inbox.CursorAheadException;
import dev.tidings.inbox.InvalidParameterException;
import dev.tidings.inbox.WritesBackedUpException;
import dev.tidings.security.RateLimitedException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one table from refusal to HTTP status, Retry-After and WebSocket close code, for all five transports. */
class RefusalTest {

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new CursorAheadException(9, 3), 400, 4400, 0),
                Arguments.of(new InvalidParameterException("after must be a non-negative whole number"), 400, 4400, 0),
                Arguments.of(new TooManyConnectionsException(16, 5), 429, 4429, 5),
                Arguments.of(new RateLimitedException(2), 429, 4429, 2),
                Arguments.of(new AtCapacityException(19000, 7), 503, 1013, 7),
                Arguments.of(new ServerStoppingException(2345), 503, 1001, 3), // Retry-After rounds the delay up
                Arguments.of(new ServerStoppingException(0), 503, 1001, 1),
                Arguments.of(new WritesBackedUpException(10000, 5), 503, 1013, 5),
                Arguments.of(new PersistenceException(new SQLException("connection refused")), 503, 1013, 5));
    }

    @ParameterizedTest(name = "{0} -> {1}, close {2}, Retry-After {3}")
    @MethodSource("refusals")
    void everyRefusalHasOneStatusOneCloseCodeAndARetryAfterWhereWaitingHelps(RuntimeException failure, int status,
                                                                            int closeCode, long retryAfter) {
        Refusal refusal = Refusal.of(failure).orElseThrow();

        assertEquals(status, refusal.status());
        assertEquals(closeCode, refusal.closeCode());
        assertEquals(retryAfter, refusal.retryAfterSeconds());
        assertTrue(closeCode == 1013 || closeCode == 1001 || (closeCode >= 4000 && closeCode % 1000 == status),
                "close code mirrors the status, or is the protocol's own (try again later, going away)");
    }

    @ParameterizedTest
    @MethodSource("unexpected")
    void anythingElseIsNoRefusal(RuntimeException failure) {
        assertTrue(Refusal.of(failure).isEmpty());
    }

    static Stream<RuntimeException> unexpected() {
        return Stream.of(new IllegalStateException("a bug"), new NullPointerException());
    }
}
