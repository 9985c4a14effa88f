package dev.tidings.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;

/**
 * The WebSocket handshake as Liberty's WebSocket container sees it, which keeps what it reads
 * here for the whole life of the connection:
 * <ul>
 * <li>{@code getSession()} returns the request's session if it has one and never creates one.
 * Liberty calls it on every handshake (for {@code HandshakeRequest.getHttpSession()}), which
 * left one HTTP session per connection in memory for the session timeout (30 minutes) after the
 * socket had closed. Tidings keeps no state in sessions; the WebSocket API allows none (null).
 * <li>{@code getUserPrincipal()} is the caller's {@link Caller.LiveIdentity} (user id and token
 * expiry), already checked by the handshake filter, rather than the verified JsonWebToken, which
 * holds the raw token and all its claims (about 1.3 KiB a connection).
 * </ul>
 */
final class WebSocketUpgradeRequest extends HttpServletRequestWrapper {

    private final Caller.LiveIdentity caller;

    WebSocketUpgradeRequest(HttpServletRequest request, Caller.LiveIdentity caller) {
        super(request);
        this.caller = caller;
    }

    @Override
    public HttpSession getSession() {
        return super.getSession(false);
    }

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }
}
