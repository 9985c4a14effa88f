package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CursorsTest {

    @ParameterizedTest
    @NullAndEmptySource
    void anAbsentCursorMeansFromTheBeginning(String value) {
        assertEquals(0, Cursors.parseAfter(value));
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "0042,42", "9223372036854775807,9223372036854775807"})
    void plainDigitsAreACursor(String value, long expected) {
        assertEquals(expected, Cursors.parseAfter(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "+1", "1.5", "1e3", "abc", " 1", "1 ", "0x10", "9223372036854775808", "99999999999999999999"})
    void anythingElseIsRefused(String value) {
        assertThrows(InvalidParameterException.class, () -> Cursors.parseAfter(value));
    }

    @ParameterizedTest
    @CsvSource({"0", "501", "abc", "-5"})
    void aLimitOutsideItsRangeIsRefused(String value) {
        assertThrows(InvalidParameterException.class, () -> Cursors.parseBounded("limit", value, 50, 1, 500));
    }

    @ParameterizedTest
    @CsvSource(value = {"'',50", "1,1", "500,500"}, emptyValue = "")
    void aLimitInRangeOrAbsentIsAccepted(String value, int expected) {
        assertEquals(expected, Cursors.parseBounded("limit", value, 50, 1, 500));
    }

    @ParameterizedTest
    @CsvSource(value = {"{\"seq\":0}|0", "{\"seq\":42}|42", "{\"seq\":42,\"type\":\"ack\"}|42"}, delimiter = '|')
    void anAcknowledgementCarriesAWholeSeq(String json, long expected) {
        assertEquals(expected, Cursors.acknowledgedSeq(parse(json)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"seq\":-1}", "{\"seq\":1.5}", "{\"seq\":\"1\"}", "{\"seq\":null}",
            "{\"seq\":9223372036854775808}", "{\"seq\":[1]}"})
    void anythingElseIsNoAcknowledgement(String json) {
        assertThrows(InvalidParameterException.class, () -> Cursors.acknowledgedSeq(parse(json)));
    }

    @Test
    void noBodyIsNoAcknowledgement() {
        assertThrows(InvalidParameterException.class, () -> Cursors.acknowledgedSeq(null));
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
