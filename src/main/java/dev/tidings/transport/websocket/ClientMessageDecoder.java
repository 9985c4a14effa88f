package dev.tidings.transport.websocket;

import dev.tidings.config.Limits;
import dev.tidings.inbox.Cursors;
import dev.tidings.inbox.InvalidParameterException;
import dev.tidings.inbox.WireFormat;
import dev.tidings.subscriber.ReadRequest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a WebSocket client's text message with the platform's JSON parser and binder. Never
 * fails: what it cannot read becomes {@link ClientMessage.Unreadable}, answered like any other
 * message, so a client's mistake never reaches the endpoint's error handler.
 */
public final class ClientMessageDecoder implements Decoder.Text<ClientMessage> {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private int maxBytes;

    @Override
    public void init(EndpointConfig config) {
        maxBytes = CDI.current().select(Limits.class).get().websocketMaxMessageBytes();
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    @Override
    public ClientMessage decode(String text) {
        // Liberty ignores setMaxTextMessageBufferSize (a 300 KiB message got through), so the setting is
        // checked here; the endpoint's annotation declares the ceiling to the container.
        if (text.length() > maxBytes || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            return new ClientMessage.TooBig(maxBytes);
        }
        JsonObject message;
        try (JsonReader reader = WireFormat.JSON.createReader(new StringReader(text))) {
            message = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return new ClientMessage.Unreadable("send a JSON object with a \"type\"");
        }
        String type = message.get("type") instanceof JsonString s ? s.getString() : "";
        return switch (type) {
            case "read" -> read(text);
            case "ack" -> ack(message);
            default -> new ClientMessage.Unreadable("type must be \"read\" or \"ack\"");
        };
    }

    private static ClientMessage read(String text) {
        try {
            return new ClientMessage.Read(JSONB.fromJson(text, ReadRequest.class));
        } catch (JsonbException e) {
            return new ClientMessage.Unreadable("ids must be a list of notification ids, all true or absent");
        }
    }

    private static ClientMessage ack(JsonObject message) {
        try {
            return new ClientMessage.Ack(Cursors.acknowledgedSeq(message));
        } catch (InvalidParameterException e) {
            return new ClientMessage.Unreadable(e.getMessage());
        }
    }

    @Override
    public void destroy() {
        // nothing held per connection
    }
}
