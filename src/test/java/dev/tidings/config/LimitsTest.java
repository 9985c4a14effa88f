package dev.tidings.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitsTest {

    @ParameterizedTest(name = "open-file limit {0} -> at most {1} live connections")
    @CsvSource({
        "20000, 19000",   // this machine's limit: a thousand files kept for the server itself
        "65536, 64536",
        "1024, 768",      // a small limit keeps a quarter
        "100, 75",
        "1, 1",
        "-1, 2147483647", // unknown: no cap but the operator's
    })
    void theDefaultConnectionCapLeavesRoomForTheServersOwnFiles(long openFileLimit, int cap) {
        assertEquals(cap, Limits.fromOpenFileLimit(openFileLimit));
    }
}
