package dev.tidings.bench;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a results file ({@code bench/results/*.jsonl}): a JSON object of named figures in
 * the order they are put, written with JSON-P. A figure that was not measured (NaN or infinite: no
 * latency in a window without events, a client that never caught up) is written as {@code null}.
 * Decimals are rounded half up to the places asked; whole numbers are written as they are.
 * Public: the fault suite writes its lines with it too.
 */
public final class ResultLine {

    /** Places of a figure put without any: the fault suite's times and ratios. */
    static final int DEFAULT_DECIMALS = 3;

    private final Map<String, JsonValue> fields = new LinkedHashMap<>();

    /** A line of this kind (seed-table, fanout, resume, crash, …): its first field. */
    public static ResultLine of(String kind) {
        return new ResultLine().put("kind", kind);
    }

    /** An object nested in a line (the fault suite's per-transport figures). */
    public static ResultLine nested() {
        return new ResultLine();
    }

    /** The first line of a results file: when, on how many cores, which Java and OS. */
    public static ResultLine machine() {
        return of("machine").put("at", Instant.now().toString()).put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /**
     * A figure: a string, a whole number, a boolean, a decimal ({@value #DEFAULT_DECIMALS} places), a
     * nested line, a map (an object) or a collection (an array) of such, an enum (its name); null as null.
     */
    public ResultLine put(String name, Object value) {
        fields.put(name, value(value));
        return this;
    }

    /** A decimal figure rounded to {@code decimals} places; null when it is not finite. */
    public ResultLine put(String name, double value, int decimals) {
        fields.put(name, decimal(value, decimals));
        return this;
    }

    /** {@code value} rounded half up to {@code decimals} places, or JSON null when it is NaN or infinite. */
    public static JsonValue decimal(double value, int decimals) {
        return Double.isFinite(value)
                ? JsonText.number(BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP))
                : JsonValue.NULL;
    }

    private static JsonValue value(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof ResultLine line) {
            return line.json();
        }
        if (value instanceof String s) {
            return JsonText.string(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Double || value instanceof Float) {
            return decimal(((Number) value).doubleValue(), DEFAULT_DECIMALS);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return JsonText.number(((Number) value).longValue());
        }
        if (value instanceof BigDecimal d) {
            return JsonText.number(d);
        }
        if (value instanceof Enum<?> e) {
            return JsonText.string(e.name());
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JsonText.objectBuilder();
            map.forEach((k, v) -> object.add(k.toString(), value(v)));
            return object.build();
        }
        if (value instanceof Collection<?> list) {
            var array = JsonText.arrayBuilder();
            list.forEach(v -> array.add(value(v)));
            return array.build();
        }
        throw new IllegalArgumentException("no JSON for a " + value.getClass().getName() + ": " + value);
    }

    public JsonObject json() {
        JsonObjectBuilder object = JsonText.objectBuilder();
        fields.forEach(object::add);
        return object.build();
    }

    /** The line as written: one line of JSON. */
    @Override
    public String toString() {
        return json().toString();
    }
}
