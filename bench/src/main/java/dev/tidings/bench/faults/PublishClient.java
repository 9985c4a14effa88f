package dev.tidings.bench.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends one call's {@code POST /api/v1/notifications} with its key and tells what came of it. */
final class PublishClient {

    private static final Pattern RECEIPT = Pattern.compile("\\{\"recipient\":\"([^\"]+)\",\"id\":\"([^\"]+)\",\"seq\":(\\d+)\\}");
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
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/notifications"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + publisherToken)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", call.key)
                .POST(HttpRequest.BodyPublishers.ofString(call.body()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                return new Call.Answer(Call.Outcome.REJECTED, response.statusCode(), List.of(), false, null);
            }
            List<Call.Receipt> receipts = new ArrayList<>();
            Matcher m = RECEIPT.matcher(response.body());
            while (m.find()) {
                receipts.add(new Call.Receipt(m.group(1), m.group(2), Long.parseLong(m.group(3))));
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
