package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "lost {0}, twice {1}, out of order {2}")
    @CsvSource({"1, 0, 0", "0, 1, 0", "0, 0, 1", "-3, 0, 0"}) // the last: more delivered than published
    void anEventLostTwiceOrOutOfOrderBreaksOne(long lost, long duplicates, long outOfOrder) {
        assertTrue(Bench.breaksAPromise(fanout(lost, duplicates, outOfOrder).json()));
    }

    @Test
    void aCountALineDoesNotHaveIsNotHeldAgainstIt() {
        // The seed table counts duplicates only.
        assertFalse(Bench.breaksAPromise(ResultLine.of("seed-table").put("duplicates", 0).json()));
        assertTrue(Bench.breaksAPromise(ResultLine.of("seed-table").put("duplicates", 2).json()));
        assertFalse(Bench.breaksAPromise(ResultLine.of("publish").put("failures", 3).json()));
    }
}
