package dev.tidings.bench.faults;

import dev.tidings.bench.TidingsApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads users' whole logs with short polling ({@code GET /api/v1/inbox/poll?after=N}, following
 * {@code cursor} while {@code more}), as each user's own token sees them.
 */
final class LogReader {

    private static final int MAX_PAGES = 10_000;

    private final URI base;
    private final HttpClient http;

    LogReader(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** Every user's log, in the order of {@code tokens}. */
    Map<String, List<LogEvent>> readAll(Map<String, String> tokens) throws IOException, InterruptedException {
        Map<String, List<LogEvent>> logs = new LinkedHashMap<>();
        for (Map.Entry<String, String> user : tokens.entrySet()) {
            logs.put(user.getKey(), read(user.getKey(), user.getValue()));
        }
        return logs;
    }

    List<LogEvent> read(String user, String token) throws IOException, InterruptedException {
        List<LogEvent> log = new ArrayList<>();
        long cursor = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpResponse<String> answer = http.send(TidingsApi.inbox(base, token, "poll?after=" + cursor)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("poll of " + user + " after " + cursor + " answered " + answer.statusCode() + ": " + answer.body());
            }
            TidingsApi.Poll poll;
            try {
                poll = TidingsApi.Poll.of(answer.body());
            } catch (RuntimeException notAPoll) { // JsonException, or JSON of another shape
                throw new IllegalStateException("poll of " + user + " answered no poll answer: " + answer.body(), notAPoll);
            }
            poll.events().forEach(e -> log.addAll(LogEvent.in(e)));
            long next = poll.cursor();
            if (!poll.more()) {
                return log;
            }
            if (next <= cursor) {
                throw new IllegalStateException("poll of " + user + " says more but its cursor did not move from " + cursor);
            }
            cursor = next;
        }
        throw new IllegalStateException("the log of " + user + " has more than " + MAX_PAGES + " pages");
    }
}
