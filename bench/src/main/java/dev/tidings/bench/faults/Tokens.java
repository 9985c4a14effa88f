package dev.tidings.bench.faults;

import dev.tidings.bench.ServerProbe;
import dev.tidings.bench.TidingsTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens from the development token endpoint, minted through the benchmark's {@link TidingsTarget}:
 * the publisher "bench" (exempt from the write rate limit in the suite's server.env) and users.
 * Tokens are signed with the server's keystore, which outlives restarts, so they stay valid.
 */
final class Tokens {

    private final TidingsTarget target;

    Tokens(URI base, HttpClient http, ServerProbe probe) {
        this.target = new TidingsTarget(base, http, probe);
    }

    String publisher() {
        return target.publisherToken();
    }

    /** user → token, in the order given. */
    Map<String, String> forUsers(List<String> users) {
        List<String> tokens = target.tokens(users);
        Map<String, String> byUser = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            byUser.put(users.get(i), tokens.get(i));
        }
        return byUser;
    }
}
