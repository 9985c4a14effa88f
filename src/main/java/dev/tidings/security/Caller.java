package dev.tidings.security;

import dev.tidings.inbox.UserIds;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
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
        String subject = token.getSubject() != null ? token.getSubject() : token.getClaim("upn");
        if (!UserIds.isValid(subject)) {
            throw new ForbiddenException("the token's subject is not a usable user id");
        }
        return subject;
    }
}
