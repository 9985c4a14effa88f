package dev.tidings.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The WebSocket handshake as Liberty's WebSocket container sees it: {@code getSession()} returns
 * the request's session if it has one and never creates one. Liberty calls {@code getSession()}
 * on every handshake (for {@code HandshakeRequest.getHttpSession()}), which would leave one HTTP
 * session per connection in memory for the session timeout (30 minutes), long after the socket
 * closed. Tidings keeps no state in sessions; the WebSocket API allows "no session" (null).
 */
final class SessionlessRequest extends HttpServletRequestWrapper {

    SessionlessRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public HttpSession getSession() {
        return super.getSession(false);
    }
}
