package dev.tidings.publish;

import dev.tidings.inbox.NewNotification;
import dev.tidings.inbox.Texts;
import dev.tidings.inbox.WireFormat;
import dev.tidings.security.UserIds;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The body of {@code POST /api/v1/notifications}. The number of recipients is capped by the
 * setting {@code tidings.publish.max-recipients}; field sizes are fixed by the storage schema.
 */
public record PublishRequest(
        @NotEmpty List<@NotNull @Pattern(regexp = UserIds.PATTERN, message = "must be a user id") String> recipients,
        @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}", message = "must be a type name") String type,
        @Size(max = 200) @Pattern(regexp = Texts.ONE_LINE, message = Texts.NO_CONTROLS) String group,
        @NotBlank @Size(max = 200) @Pattern(regexp = Texts.ONE_LINE, message = Texts.NO_CONTROLS) String title,
        @Size(max = 4000) @Pattern(regexp = Texts.MULTI_LINE, message = Texts.NO_CONTROLS) String body,
        JsonObject data,
        @Size(max = 100) List<@NotNull @Pattern(regexp = UserIds.PATTERN, message = "must be a user id") String> actors) {

    NewNotification content(String publisherId) {
        return new NewNotification(publisherId, type, group, title, body, data, actors);
    }

    /** A digest of everything that affects the outcome, to tell a retry from a reused key. */
    String fingerprint() {
        JsonObject canonical = WireFormat.JSON.createObjectBuilder()
                .add("recipients", array(recipients))
                .add("type", type)
                .add("group", String.valueOf(group))
                .add("title", title)
                .add("body", String.valueOf(body))
                .add("data", data == null ? JsonObject.EMPTY_JSON_OBJECT : data)
                .add("actors", array(actors == null ? List.of() : actors))
                .build();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = WireFormat.JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }
}
