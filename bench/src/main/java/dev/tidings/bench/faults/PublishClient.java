package dev.tidings.bench.faults;

import dev.tidings.bench.TidingsApi;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Sends one call's {@code POST /api/v1/notifications} with its key and tells what came of it. */
final class PublishClient {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final HttpClient http;
    private final String publisherToken;

    PublishClient(URI base, HttpClient http, String publisherToken) {
        this.base = base;
        this.http = http;
        this.publisherToken = publisherToken;
    }

    Call.Answer send(Call call) throws InterruptedException {
        HttpRequest request = TidingsApi.publish(base, publisherToken, call.body())
                .timeout(TIMEOUT)
                .header("Idempotency-Key", call.key)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                return new Call.Answer(Call.Outcome.REJECTED, response.statusCode(), List.of(), false, null);
            }
            List<TidingsApi.Receipt> receipts;
            try {
                receipts = TidingsApi.receipts(response.body());
            } catch (RuntimeException notReceipts) { // JsonException, or JSON of another shape
                throw new IllegalStateException("a 201 without receipts: " + response.body(), notReceipts);
            }
            if (receipts.size() != call.recipients.size()) {
                throw new IllegalStateException("a 201 without a receipt per recipient: " + response.body());
            }
            boolean replayed = response.headers().firstValue("Idempotent-Replayed").orElse("").equals("true");
            return new Call.Answer(Call.Outcome.ACKNOWLEDGED, 201, List.copyOf(receipts), replayed, null);
        } catch (ConnectException | HttpConnectTimeoutException notConnected) {
            return new Call.Answer(Call.Outcome.REFUSED, 0, List.of(), false, describe(notConnected));
        } catch (IOException noAnswer) {
            return new Call.Answer(Call.Outcome.LOST, 0, List.of(), false, describe(noAnswer));
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
