package dev.tidings.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\"", Json.write("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\b\\f\"", Json.write("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u001f\\u0007\"", Json.write("\u0000\u001f\u0007"));
        assertEquals("\"\\u2028\\u2029\"", Json.write("\u2028\u2029"), "JavaScript's line terminators are escaped");
        assertEquals("\"</script>\"", Json.write("</script>"), "nothing else is escaped");
    }

    @Test
    void keepsNonAsciiAndPairedSurrogatesButEscapesLoneOnes() {
        assertEquals("\"Zoë 😀 日本\"", Json.write("Zoë 😀 日本"));
        assertEquals("\"\\ud83d x\"", Json.write("\ud83d x"));
        assertEquals("\"x\\ude00\"", Json.write("x\ude00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r", "\u0000\u0001\u001f",
        "emoji 😀", "\u2028\u2029", "\\u0041 is not A", "/slash/", "{\"json\":[1,2]}", "'single'"})
    void oddStringsSurviveARoundTrip(String value) {
        assertEquals(value, Json.read(Json.write(value)));
        assertEquals(value, Json.readObject(Json.write(Map.of(value, value))).get(value));
    }

    @Test
    void writesNumbersBooleansNullListsAndNestedMaps() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("int", 42);
        map.put("long", -9_007_199_254_740_993L);
        map.put("double", 0.5);
        map.put("big", new BigDecimal("1.10"));
        map.put("yes", true);
        map.put("none", null);
        map.put("list", List.of("a", 1));
        map.put("nested", Map.of("k", List.of()));
        map.put("array", new Object[] {"x"});
        assertEquals("{\"int\":42,\"long\":-9007199254740993,\"double\":0.5,\"big\":1.10,\"yes\":true,\"none\":null,"
                + "\"list\":[\"a\",1],\"nested\":{\"k\":[]},\"array\":[\"x\"]}", Json.write(map));
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "non-string key")));
        Map<String, Object> cycle = new HashMap<>();
        cycle.put("self", cycle);
        assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
    }

    @Test
    void readsEveryKindOfValue() {
        Map<String, Object> json = Json.readObject(
                " {\"s\":\"a\\u00e9\\n\\/\",\"n\":-1.5e2,\"z\":0,\"t\":true,\"f\":false,\"x\":null,\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}} ");
        assertEquals("aé\n/", json.get("s"));
        assertEquals(0, new BigDecimal("-150").compareTo((BigDecimal) json.get("n")));
        assertEquals(BigDecimal.ZERO, json.get("z"));
        assertEquals(Boolean.TRUE, json.get("t"));
        assertEquals(Boolean.FALSE, json.get("f"));
        assertTrue(json.containsKey("x"));
        assertNull(json.get("x"));
        assertEquals(List.of(BigDecimal.ONE, List.of(), Map.of()), json.get("a"));
        assertEquals(Map.of("k", "v"), json.get("o"));
        assertEquals(List.of("s", "n", "z", "t", "f", "x", "a", "o"), new ArrayList<>(json.keySet()), "keeps the order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}",
        "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "\"raw\ncontrol\"", "01", "-", "1.", "1e", "+1",
        "tru", "nul", "{} {}", "NaN", "'single'", "1e999999999999"})
    void refusesMalformedJson(String text) {
        assertThrows(Json.JsonException.class, () -> Json.read(text));
    }

    @Test
    void readObjectRefusesOtherValues() {
        assertThrows(Json.JsonException.class, () -> Json.readObject("[]"));
        assertThrows(Json.JsonException.class, () -> Json.readObject("\"{}\""));
    }

    @Test
    void refusesNestingDeeperThanTheLimitWithoutOverflowingTheStack() {
        char[] open = new char[100_000];
        Arrays.fill(open, '[');
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.read(new String(open)));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.read(ok) instanceof List);
    }
}
