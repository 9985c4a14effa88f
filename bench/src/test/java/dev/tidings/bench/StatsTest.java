package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    /** Latencies recorded in microseconds, percentiles in milliseconds. */
    private static double[] percentilesOf(int maxSamples, long... micros) {
        Stats stats = new Stats(maxSamples);
        for (long m : micros) {
            stats.latency(m);
        }
        return stats.percentiles();
    }

    @Test
    void noLatencyIsNotANumberEverywhere() {
        double[] p = new Stats(10).percentiles();
        assertEquals(4, p.length);
        assertTrue(Arrays.stream(p).allMatch(Double::isNaN), Arrays.toString(p));
    }

    @Test
    void oneValueIsEveryPercentile() {
        assertArrayEquals(new double[] {7.5, 7.5, 7.5, 7.5}, percentilesOf(10, 7_500));
    }

    @Test
    void percentilesOfAHundredValuesAreValuesMeasured() {
        // 1..100 ms, recorded out of order: p50 is the 50th, p90 the 90th, p99 the 99th (not the maximum).
        long[] micros = LongStream.rangeClosed(1, 100).map(ms -> ((ms * 37) % 100 + 1) * 1000).toArray();
        assertEquals(100, Arrays.stream(micros).distinct().count());
        assertArrayEquals(new double[] {50, 90, 99, 100}, percentilesOf(100, micros));
    }

    @Test
    void tiesCountAsOftenAsTheyWereMeasured() {
        // 98 samples of 2 ms and two of 40 ms: p99 (the 99th of 100) is 40, p90 still 2.
        long[] micros = new long[100];
        Arrays.fill(micros, 2_000);
        micros[10] = 40_000;
        micros[70] = 40_000;
        assertArrayEquals(new double[] {2, 2, 40, 40}, percentilesOf(100, micros));
    }

    @Test
    void samplesBeyondTheCapacityAreNotKept() {
        // Room for three: the fourth (a huge one) is counted nowhere, and the percentiles are of the first three.
        assertArrayEquals(new double[] {2, 3, 3, 3}, percentilesOf(3, 1_000, 2_000, 3_000, 900_000));
    }

    @Test
    void nearestRankOfSmallSamples() {
        long[] two = {10, 20};
        assertEquals(10, Stats.nearestRank(two, 0.50));
        assertEquals(20, Stats.nearestRank(two, 0.51));
        assertEquals(20, Stats.nearestRank(two, 0.99));
        assertEquals(20, Stats.nearestRank(two, 1.0));
        long[] ten = LongStream.rangeClosed(1, 10).toArray();
        assertEquals(9, Stats.nearestRank(ten, 0.90));
        assertEquals(10, Stats.nearestRank(ten, 0.99));
        assertEquals(1, Stats.nearestRank(ten, 0.01));
    }

    @Test
    void nearestRankOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Stats.nearestRank(new long[0], 0.5));
    }
}
