package dev.tidings.bench;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;

/**
 * JSON-P through one provider, looked up once (Json.createReader and its siblings look it up on
 * every call): the harness reads and writes every results line and every server answer with it.
 * Public: the fault suite (dev.tidings.bench.faults) uses it too.
 */
public final class JsonText {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

    private JsonText() {
    }

    /** The JSON value {@code text} holds; a {@link JsonException} when it holds none. */
    public static JsonValue parse(CharSequence text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text.toString()))) {
            return reader.readValue();
        }
    }

    /** The JSON object {@code text} holds; a {@link JsonException} when it is not one. */
    public static JsonObject object(CharSequence text) {
        JsonValue value = parse(text);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new JsonException("not a JSON object: " + abbreviated(text));
        }
        return value.asJsonObject();
    }

    /** The JSON array {@code text} holds; a {@link JsonException} when it is not one. */
    public static JsonArray array(CharSequence text) {
        JsonValue value = parse(text);
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new JsonException("not a JSON array: " + abbreviated(text));
        }
        return value.asJsonArray();
    }

    public static JsonObjectBuilder objectBuilder() {
        return BUILDERS.createObjectBuilder();
    }

    public static JsonArrayBuilder arrayBuilder() {
        return BUILDERS.createArrayBuilder();
    }

    public static JsonString string(String s) {
        return PROVIDER.createValue(s);
    }

    public static JsonNumber number(long n) {
        return PROVIDER.createValue(n);
    }

    public static JsonNumber number(BigDecimal n) {
        return PROVIDER.createValue(n);
    }

    /** The whole number {@code object} has at {@code key}, or {@code otherwise} when it has none there. */
    public static long longOr(JsonObject object, String key, long otherwise) {
        return object.get(key) instanceof JsonNumber n && n.isIntegral() ? n.longValue() : otherwise;
    }

    /** The string {@code object} has at {@code key}, or null when it has none there. */
    public static String stringOr(JsonObject object, String key) {
        return object.get(key) instanceof JsonString s ? s.getString() : null;
    }

    /** The object {@code object} has at {@code key}, or an empty one. */
    public static JsonObject objectOr(JsonObject object, String key) {
        return object.get(key) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The first 200 characters, for an error message. */
    public static String abbreviated(CharSequence text) {
        return text.length() <= 200 ? text.toString() : text.subSequence(0, 200) + "…";
    }
}
