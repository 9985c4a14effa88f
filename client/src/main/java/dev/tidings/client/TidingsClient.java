package dev.tidings.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The publisher API of Tidings from Java: {@link #notify(Notification) notify} users,
 * {@link #like like} and {@link #unlike unlike} on their behalf, and follow a notification's
 * {@link #state(String) delivery and read state}.
 *
 * <pre>{@code
 * TidingsClient tidings = TidingsClient.builder("https://tidings.example.com/")
 *         .token(() -> tokens.current())          // or .token("eyJ…")
 *         .build();
 * Published sent = tidings.notify(Notification.to("bob").type("order").title("Your order shipped").build());
 * }</pre>
 *
 * <p>Every call is sent again, with exponential backoff and jitter, when the server answers
 * {@code 429} or {@code 503} (both mean nothing was changed), waiting at least its
 * {@code Retry-After}; and after a connection failure or timeout when repeating the call is safe:
 * {@code notify} (each call has one {@code Idempotency-Key}, the same on every attempt),
 * {@code like} and {@code state}, but not {@code unlike}, whose repeat would answer {@code 404} once
 * the first attempt had succeeded. Attempts stop at {@link Builder#maxAttempts(int)} or when the
 * next wait would take the time spent waiting past {@link Builder#maxRetryWait(Duration)}; then the
 * last failure is thrown as a {@link TidingsException}.
 *
 * <p>Thread-safe: make one per application and share it.
 */
public final class TidingsClient {

    /** MicroProfile Config (or any) property: the base URL Tidings is deployed at. Required. */
    public static final String URL = "tidings.client.url";
    /** Property: a publisher token (fixed). Required unless a token supplier is given. */
    public static final String TOKEN = "tidings.client.token";
    /** Property, ISO 8601 duration: how long to wait for a connection (default PT10S). */
    public static final String CONNECT_TIMEOUT = "tidings.client.connect-timeout";
    /** Property, ISO 8601 duration: how long one attempt waits for its answer (default PT30S). */
    public static final String REQUEST_TIMEOUT = "tidings.client.request-timeout";
    /** Property: most attempts per call, the first included (default 5; 1 never retries). */
    public static final String MAX_ATTEMPTS = "tidings.client.max-attempts";
    /** Property, ISO 8601 duration: most time one call spends waiting between attempts (default PT30S). */
    public static final String MAX_RETRY_WAIT = "tidings.client.max-retry-wait";
    /** Property, ISO 8601 duration: the first backoff, doubled after each failed attempt (default PT0.2S). */
    public static final String INITIAL_BACKOFF = "tidings.client.initial-backoff";
    /** Property, ISO 8601 duration: the longest backoff (default PT5S). */
    public static final String MAX_BACKOFF = "tidings.client.max-backoff";

    private static final String USER_AGENT = "tidings-java-client";

    /** Waits between attempts; tests replace it to see the waits without spending them. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final URI base;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration maxRetryWait;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;

    private TidingsClient(Builder builder) {
        String url = builder.url.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.token = Objects.requireNonNull(builder.token, "a token or token supplier is required");
        this.http = builder.httpClient != null ? builder.httpClient : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .build();
        this.requestTimeout = builder.requestTimeout;
        this.maxAttempts = builder.maxAttempts;
        this.maxRetryWait = builder.maxRetryWait;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.sleeper = builder.sleeper;
    }

    /** Starts a client of the Tidings deployed at {@code url}, e.g. {@code http://localhost:9080/}. */
    public static Builder builder(String url) {
        return builder(URI.create(Objects.requireNonNull(url, "url")));
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /**
     * A client configured from properties (the constants of this class: {@value #URL}, {@value #TOKEN},
     * {@value #MAX_ATTEMPTS} …), looked up with {@code config}, e.g. MicroProfile Config's
     * {@code name -> config.getOptionalValue(name, String.class)}. A missing required property or a
     * value that does not parse is an {@link IllegalArgumentException} naming the property.
     */
    public static TidingsClient fromConfig(Function<String, Optional<String>> config) {
        String fixed = config.apply(TOKEN).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(TOKEN + " is not set"));
        return fromConfig(config, () -> fixed);
    }

    /** As {@link #fromConfig(Function)}, with the token from {@code token} (for tokens that rotate); {@value #TOKEN} is not read. */
    public static TidingsClient fromConfig(Function<String, Optional<String>> config, Supplier<String> token) {
        String url = config.apply(URL).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(URL + " is not set"));
        Builder builder;
        try {
            builder = builder(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL + " is not a URL: " + e.getMessage(), e);
        }
        builder.token(token);
        duration(config, CONNECT_TIMEOUT, builder::connectTimeout);
        duration(config, REQUEST_TIMEOUT, builder::requestTimeout);
        duration(config, MAX_RETRY_WAIT, builder::maxRetryWait);
        duration(config, INITIAL_BACKOFF, builder::initialBackoff);
        duration(config, MAX_BACKOFF, builder::maxBackoff);
        config.apply(MAX_ATTEMPTS).map(String::strip).ifPresent(value -> {
            try {
                builder.maxAttempts(Integer.parseInt(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MAX_ATTEMPTS + " must be a whole number of at least 1, not '" + value + "'", e);
            }
        });
        return builder.build();
    }

    private static void duration(Function<String, Optional<String>> config, String name, Consumer<Duration> setting) {
        config.apply(name).map(String::strip).ifPresent(value -> {
            try {
                setting.accept(Duration.parse(value));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " must be an ISO 8601 duration such as PT10S"
                        + (e instanceof DateTimeParseException ? "" : " (" + e.getMessage() + ")") + ", not '" + value + "'", e);
            }
        });
    }

    // ---- the API ----

    /**
     * Notifies each recipient, with a new random {@code Idempotency-Key} for this call (reused on its
     * retries, and answered in {@link Published#idempotencyKey()}).
     */
    public Published notify(Notification notification) {
        return notify(notification, UUID.randomUUID().toString());
    }

    /**
     * Notifies each recipient, with the caller's {@code Idempotency-Key} (1 to 255 printable ASCII
     * characters, no spaces): a key derived from the business event (e.g. {@code order-1001-shipped})
     * makes even a repeat after a crash of the calling application write nothing twice.
     */
    public Published notify(Notification notification, String idempotencyKey) {
        Objects.requireNonNull(notification, "notification");
        checkIdempotencyKey(idempotencyKey);
        HttpResponse<String> response = send(true, () -> request("api/v1/notifications")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(notification.toJson(), StandardCharsets.UTF_8)));
        Map<String, Object> json = answer(response);
        List<Receipt> receipts = new ArrayList<>();
        for (Object item : list(json, "notifications", response)) {
            Map<String, Object> receipt = object(item, "notifications[]", response);
            receipts.add(new Receipt(string(receipt, "recipient", response), string(receipt, "id", response),
                    number(receipt, "seq", response)));
        }
        boolean replayed = response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
        return new Published(receipts, idempotencyKey, replayed);
    }

    /**
     * Records that {@code actor} likes {@code object}, which belongs to {@code owner} and which the
     * notification calls {@code title} ("alice liked <i>your post</i>"). Liking twice counts once,
     * so a retried call is safe (its answer may then say {@code changed: false}).
     */
    public LikeResult like(String object, String actor, String owner, String title) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(title, "title");
        String path = likePath(object, actor);
        String body = "{\"owner\":" + Json.write(owner) + ",\"title\":" + Json.write(title) + "}";
        HttpResponse<String> response = send(true, () -> request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        return likeResult(response);
    }

    /**
     * Retracts {@code actor}'s like of {@code object}; {@link TidingsException.Kind#NOT_FOUND} when
     * there is none. Retried on 429 and 503, not after a lost answer (see the class comment).
     */
    public LikeResult unlike(String object, String actor) {
        String path = likePath(object, actor);
        HttpResponse<String> response = send(false, () -> request(path).DELETE());
        return likeResult(response);
    }

    /**
     * The delivery and read state of a notification this publisher sent (or of any like notification);
     * {@link TidingsException.Kind#NOT_FOUND} for any other id.
     */
    public NotificationState state(String id) {
        String path = "api/v1/notifications/" + segment(id, "id");
        HttpResponse<String> response = send(true, () -> request(path).GET());
        Map<String, Object> json = answer(response);
        NotificationState.State state;
        String name = string(json, "state", response);
        try {
            state = NotificationState.State.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw unexpected(response, "unknown state '" + name + "'");
        }
        return new NotificationState(string(json, "id", response), string(json, "recipient", response),
                string(json, "type", response), number(json, "seq", response), state,
                instant(json, "createdAt", response), instant(json, "deliveredAt", response),
                instant(json, "readAt", response));
    }

    // ---- sending, retrying ----

    private HttpRequest.Builder request(String path) {
        String bearer = token.get();
        if (bearer == null || bearer.isBlank()) {
            throw new IllegalStateException("the token supplier gave no token");
        }
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("Authorization", "Bearer " + bearer);
    }

    /**
     * Sends the request {@code build} makes (once per attempt: a rotating token is read each time)
     * until it is answered with a 2xx, retrying as the class comment says; anything else is thrown.
     */
    private HttpResponse<String> send(boolean retryLostAnswers, Supplier<HttpRequest.Builder> build) {
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            TidingsException failure;
            Duration retryAfter = null;
            try {
                HttpResponse<String> response = http.send(build.get().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response;
                }
                retryAfter = retryAfter(response).orElse(null);
                failure = problem(response, retryAfter, attempt);
                if (status != 429 && status != 503) {
                    throw failure;
                }
            } catch (IOException e) {
                failure = new TidingsException(TidingsException.Kind.CONNECTION, 0, null,
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                        List.of(), null, attempt, e);
                if (!retryLostAnswers) {
                    throw failure;
                }
            } catch (InterruptedException e) {
                throw interrupted(e, attempt);
            }
            if (attempt >= maxAttempts) {
                throw failure;
            }
            Duration delay = backoff(attempt);
            if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
                delay = retryAfter;
            }
            if (waited.plus(delay).compareTo(maxRetryWait) > 0) {
                throw failure;
            }
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                throw interrupted(e, attempt);
            }
            waited = waited.plus(delay);
        }
    }

    /** After {@code failed} attempts: half the doubled backoff, plus a random part of the other half. */
    Duration backoff(int failed) {
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long base = initial;
        for (int i = 1; i < failed && base < max; i++) {
            base *= 2;
        }
        base = Math.min(base, max);
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    private static TidingsException interrupted(InterruptedException e, int attempt) {
        Thread.currentThread().interrupt();
        return new TidingsException(TidingsException.Kind.INTERRUPTED, 0, null, "interrupted", List.of(), null, attempt, e);
    }

    /** {@code Retry-After} in seconds, or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return value.length() > 9 ? Optional.of(Duration.ofSeconds(999_999_999L)) : Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration until = Duration.between(Instant.now(), at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** The typed exception for a non-2xx answer, from its problem+json body when it has one. */
    static TidingsException problem(HttpResponse<String> response, Duration retryAfter, int attempts) {
        int status = response.statusCode();
        String title = null;
        String detail = null;
        List<TidingsException.FieldError> errors = new ArrayList<>();
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("json") && response.body() != null && !response.body().isBlank()) {
            try {
                Map<String, Object> problem = Json.readObject(response.body());
                title = problem.get("title") instanceof String s ? s : null;
                detail = problem.get("detail") instanceof String s ? s : null;
                if (problem.get("errors") instanceof List<?> list) {
                    for (Object item : list) {
                        if (item instanceof Map<?, ?> error) {
                            errors.add(new TidingsException.FieldError(
                                    error.get("field") instanceof String f ? f : null,
                                    error.get("message") instanceof String m ? m : null));
                        }
                    }
                }
            } catch (Json.JsonException e) {
                detail = "the error answer was not valid JSON";
            }
        }
        return new TidingsException(TidingsException.Kind.of(status), status, title, detail, errors, retryAfter, attempts, null);
    }

    // ---- reading answers ----

    private static Map<String, Object> answer(HttpResponse<String> response) {
        try {
            return Json.readObject(response.body());
        } catch (Json.JsonException e) {
            throw unexpected(response, e.getMessage());
        }
    }

    private LikeResult likeResult(HttpResponse<String> response) {
        Map<String, Object> json = answer(response);
        String owner = string(json, "owner", response);
        Object notification = json.get("notification");
        Receipt receipt = null;
        if (notification != null) {
            Map<String, Object> n = object(notification, "notification", response);
            receipt = new Receipt(owner, string(n, "id", response), number(n, "seq", response));
        }
        if (!(json.get("changed") instanceof Boolean changed)) {
            throw unexpected(response, "no boolean 'changed'");
        }
        return new LikeResult(string(json, "object", response), owner, number(json, "likes", response), changed, receipt);
    }

    private static TidingsException unexpected(HttpResponse<String> response, String what) {
        return new TidingsException(TidingsException.Kind.OTHER, response.statusCode(), "Unexpected answer",
                what, List.of(), null, 1, null);
    }

    private static String string(Map<String, Object> json, String name, HttpResponse<String> response) {
        if (json.get(name) instanceof String s) {
            return s;
        }
        throw unexpected(response, "no string '" + name + "'");
    }

    private static long number(Map<String, Object> json, String name, HttpResponse<String> response) {
        if (json.get(name) instanceof BigDecimal n) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw unexpected(response, "'" + name + "' is not a whole number");
            }
        }
        throw unexpected(response, "no number '" + name + "'");
    }

    private static Instant instant(Map<String, Object> json, String name, HttpResponse<String> response) {
        Object value = json.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse((String) value);
        } catch (ClassCastException | DateTimeParseException e) {
            throw unexpected(response, "'" + name + "' is not a timestamp");
        }
    }

    private static List<?> list(Map<String, Object> json, String name, HttpResponse<String> response) {
        if (json.get(name) instanceof List<?> list) {
            return list;
        }
        throw unexpected(response, "no array '" + name + "'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String name, HttpResponse<String> response) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw unexpected(response, "'" + name + "' is not an object");
    }

    // ---- URLs, keys ----

    private static String likePath(String object, String actor) {
        return "api/v1/objects/" + segment(object, "object") + "/likes/" + segment(actor, "actor");
    }

    /** One path segment, percent-encoded (UTF-8) except for unreserved characters, ':' and '@'. */
    static String segment(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        boolean dots = value.equals(".") || value.equals("..");
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '~' || c == ':' || c == '@' || (c == '.' && !dots);
            if (plain) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static void checkIdempotencyKey(String key) {
        Objects.requireNonNull(key, "idempotencyKey");
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("an Idempotency-Key is 1 to 255 printable ASCII characters without spaces");
        }
    }

    /** Settings of a {@link TidingsClient}; every one but the URL and the token has a default. */
    public static final class Builder {
        private final URI url;
        private Supplier<String> token;
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 5;
        private Duration maxRetryWait = Duration.ofSeconds(30);
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

        private Builder(URI url) {
            Objects.requireNonNull(url, "url");
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException("the URL must be http or https: " + url);
            }
            if (url.getHost() == null) {
                throw new IllegalArgumentException("the URL has no host: " + url);
            }
            this.url = url;
        }

        /** A fixed publisher token (a JWT whose {@code groups} contain {@code publisher}). */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            return token(() -> token);
        }

        /** Where to get the token, asked before every attempt: for tokens that are renewed. */
        public Builder token(Supplier<String> token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /** How long to wait for a connection (default 10 s); ignored with {@link #httpClient(HttpClient)}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long one attempt waits for its answer (default 30 s); a timeout is a connection failure. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Most attempts per call, the first included (default 5); 1 turns retrying off. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Most time one call spends waiting between its attempts (default 30 s): a retry whose wait
         * (its backoff, or a longer {@code Retry-After}) would go past it is not made.
         */
        public Builder maxRetryWait(Duration wait) {
            this.maxRetryWait = notNegative(wait, "maxRetryWait");
            return this;
        }

        /** The first backoff (default 200 ms), doubled after each failed attempt up to {@link #maxBackoff}. */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = notNegative(backoff, "initialBackoff");
            return this;
        }

        /** The longest backoff (default 5 s). */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = notNegative(backoff, "maxBackoff");
            return this;
        }

        /** The JDK HTTP client to send with (e.g. one with your TLS settings or a proxy); by default its own. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public TidingsClient build() {
            if (token == null) {
                throw new IllegalStateException("a token or token supplier is required");
            }
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalStateException("initialBackoff (" + INITIAL_BACKOFF + ") is longer than maxBackoff (" + MAX_BACKOFF + ")");
            }
            return new TidingsClient(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        private static Duration notNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }
}
