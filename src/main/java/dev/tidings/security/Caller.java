package dev.tidings.security;

import dev.tidings.inbox.UserIds;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import java.security.Principal;
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
     * The user id of an authenticated principal (servlets and WebSocket sessions see the token
     * as their principal); empty when there is none or it names no usable user id.
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
