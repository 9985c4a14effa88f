package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which Tidings lines fail the run: an event lost, delivered twice or out of order. */
class BenchTest {

    private static ResultLine fanout(long lost, long duplicates, long outOfOrder) {
        return ResultLine.of("fanout").put("system", "tidings").put("published", 1000).put("delivered", 1000 - lost)
                .put("lost", lost).put("duplicates", duplicates).put("outOfOrder", outOfOrder).put("p99ms", Double.NaN, 2);
    }

    @Test
    void aCleanLineKeepsThePromises() {
        assertFalse(Bench.breaksAPromise(fanout(0, 0, 0).json()));
    }

    @Test
    void aLostEventBreaksOne() {
        assertTrue(Bench.breaksAPromise(fanout(1, 0, 0).json()));
    }

    @Test
    void aDuplicateBreaksOne() {
        assertTrue(Bench.breaksAPromise(fanout(0, 1, 0).json()));
    }

    @Test
    void anEventOutOfOrderBreaksOne() {
        assertTrue(Bench.breaksAPromise(fanout(0, 0, 1).json()));
    }

    @Test
    void moreDeliveredThanPublishedBreaksOneToo() {
        assertTrue(Bench.breaksAPromise(fanout(-3, 0, 0).json()));
    }

    @Test
    void aCountALineDoesNotHaveIsNotHeldAgainstIt() {
        // The seed table counts duplicates only.
        assertFalse(Bench.breaksAPromise(ResultLine.of("seed-table").put("duplicates", 0).json()));
        assertTrue(Bench.breaksAPromise(ResultLine.of("seed-table").put("duplicates", 2).json()));
        assertFalse(Bench.breaksAPromise(ResultLine.of("publish").put("failures", 3).json()));
    }
}
