package dev.tidings.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which web origins may open a WebSocket (cross-site WebSocket hijacking: a browser sends the
 * user's cookie with a handshake from any page). Exact origins only, compared after
 * normalisation (lower case, default port dropped); no wildcards, no suffix or prefix matching.
 * With no allow-list configured, only the server's own origin (the request's scheme and Host).
 */
public final class OriginPolicy {

    private final List<String> allowed;

    /** {@code allowedOrigins}: e.g. {@code https://app.example.com}; empty means the server's own origin. */
    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(origin -> normalise(origin).orElseThrow(() -> new IllegalArgumentException(
                        "tidings.websocket.allowed-origins: not an origin (scheme://host[:port]): " + origin)))
                .toList();
    }

    /**
     * @param origin    the request's Origin header (null when absent: not a browser, nothing to hijack)
     * @param scheme    the scheme the request arrived with, {@code http} or {@code https}
     * @param hostHeader the request's Host header, the server's own name as the client sees it
     */
    public boolean allows(String origin, String scheme, String hostHeader) {
        if (origin == null) {
            return true;
        }
        Optional<String> normalised = normalise(origin);
        if (normalised.isEmpty()) {
            return false; // "null" (sandboxed frames, file: pages), garbage, anything with a path or user
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(normalised.get());
        }
        return hostHeader != null && normalise(scheme + "://" + hostHeader).equals(normalised);
    }

    /** {@code scheme://host[:port]} in lower case without its default port, or empty if not such an origin. */
    static Optional<String> normalise(String origin) {
        if (origin == null || !origin.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.empty(); // browsers send IDN hosts as punycode: raw Unicode is a look-alike
        }
        try {
            URI uri = new URI(origin);
            String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
