package dev.tidings.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishRequestTest {

    private static PublishRequest request(String title, JsonObject data) {
        return new PublishRequest(List.of("bob", "carol"), "like", "post:42", title, null, data, List.of("alice"));
    }

    @Test
    void aRetryOfTheSameRequestHasTheSameFingerprint() {
        JsonObject data = Json.createObjectBuilder().add("post", 42).build();
        assertEquals(request("hi", data).fingerprint(), request("hi", data).fingerprint());
        assertEquals(request("hi", null).fingerprint(), request("hi", JsonObject.EMPTY_JSON_OBJECT).fingerprint(),
                "absent data is the same as empty data");
    }

    @Test
    void anyDifferenceThatChangesTheOutcomeChangesTheFingerprint() {
        JsonObject data = Json.createObjectBuilder().add("post", 42).build();
        String original = request("hi", data).fingerprint();
        assertNotEquals(original, request("hello", data).fingerprint());
        assertNotEquals(original, request("hi", Json.createObjectBuilder().add("post", 43).build()).fingerprint());
        assertNotEquals(original, new PublishRequest(List.of("bob"), "like", "post:42", "hi", null, data, List.of("alice"))
                .fingerprint());
    }
}
