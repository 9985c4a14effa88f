package dev.tidings.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: the verified token's {@code sub} (or {@code upn}), the only user id we trust. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken token;

    /** The caller's user id; 401 without a token, 403 when the token names no usable user id. */
    public String userId() {
        if (token == null || token.getRawToken() == null) {
            throw new NotAuthorizedException("Bearer");
        }
        return userIdOf(token).orElseThrow(() -> new ForbiddenException("the token's subject is not a usable user id"));
    }

    /**
     * Who opens a live connection, and until when: the token's user id and expiry. Empty when
     * there is no usable identity, or the token has already expired (whatever clock skew the
     * verification allowed: a connection would be ended at once anyway). Servlets and SSE see
     * the token as their principal; a WebSocket session sees the {@link LiveIdentity} its
     * handshake filter took from the token ({@link WebSocketUpgradeRequest}).
     */
    public static Optional<LiveIdentity> liveIdentityOf(Principal principal) {
        if (principal instanceof LiveIdentity live) {
            return live.expiresAt() == null || live.expiresAt().isAfter(Instant.now()) ? Optional.of(live) : Optional.empty();
        }
        Optional<Instant> expiry = principal instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0
                ? Optional.of(Instant.ofEpochSecond(jwt.getExpirationTime())) : Optional.empty();
        if (expiry.isPresent() && !expiry.get().isAfter(Instant.now())) {
            return Optional.empty();
        }
        return userIdOf(principal).map(user -> new LiveIdentity(user, expiry.orElse(null)));
    }

    /** A live connection's user and the moment its token expires (null: never); its name is the user id. */
    public record LiveIdentity(String userId, Instant expiresAt) implements Principal {
        @Override
        public String getName() {
            return userId;
        }
    }

    /**
     * The user id of an authenticated principal (servlets and SSE see the token as their
     * principal); empty when there is none or it names no usable user id.
     */
    public static Optional<String> userIdOf(Principal principal) {
        String id = null;
        if (principal instanceof JsonWebToken jwt) {
            id = jwt.getSubject() != null ? jwt.getSubject() : jwt.getClaim("upn");
        } else if (principal != null) {
            id = principal.getName();
        }
        return UserIds.isValid(id) ? Optional.of(id) : Optional.empty();
    }
}
