package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30) // a wait that never ends fails rather than hangs the build
class AwaitTest {

    @Test
    void aConditionThatHoldsIsNotWaitedFor() throws Exception {
        long t0 = System.nanoTime();
        assertTrue(Await.until(Duration.ofHours(1), Duration.ofHours(1), () -> true));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void itIsAskedAgainUntilItHolds() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        assertTrue(Await.until(Duration.ofSeconds(10), Duration.ofMillis(10), () -> asked.incrementAndGet() == 5));
        assertTrue(asked.get() == 5, "asked " + asked.get() + " times");
    }

    @Test
    void itGivesUpAtTheDeadline() throws Exception {
        long t0 = System.nanoTime();
        assertFalse(Await.until(Duration.ofMillis(300), Duration.ofMillis(20), () -> false));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waited >= 300 && waited < 5_000, waited + " ms");
    }

    @Test
    void aServersFailureToAnswerIsNotSwallowed() {
        assertThrows(IOException.class, () -> Await.asking(Duration.ofSeconds(1), Duration.ofMillis(10), () -> {
            throw new IOException("refused");
        }));
    }
}
