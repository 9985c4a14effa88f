package dev.tidings.security;

import dev.tidings.rest.Problems;
import dev.tidings.rest.Refusal;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks a WebSocket handshake before the upgrade: a web origin that is not allowed
 * ({@link OriginPolicy}) is refused 403; a caller without a live identity (no token, or one that
 * has expired even if within the verifier's clock skew) 401. A filter rather than
 * {@code Configurator.checkOrigin}: only the request knows the server's own origin (scheme and
 * Host), the default allow-list, and can answer with a status. The upgrade goes on without an
 * HTTP session and with the caller's id and expiry as its principal ({@link WebSocketUpgradeRequest}).
 */
@WebFilter(urlPatterns = "/api/v1/inbox/ws", asyncSupported = true)
public class WebSocketHandshakeFilter extends HttpFilter {

    private transient OriginPolicy policy;

    @Inject
    @ConfigProperty(name = "tidings.websocket.allowed-origins")
    Optional<List<String>> allowedOrigins;

    @Override
    public void init() {
        policy = new OriginPolicy(allowedOrigins.orElse(List.of()));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (!policy.allows(origin, request.getScheme(), request.getHeader("Host"))) {
            Problems.write(response, 403, "WebSocket connections from this origin are not allowed");
            return;
        }
        Optional<Caller.LiveIdentity> caller = Caller.liveIdentityOf(request.getUserPrincipal());
        if (caller.isEmpty()) {
            Refusal.unauthorized().write(response);
            return;
        }
        chain.doFilter(new WebSocketUpgradeRequest(request, caller.get()), response);
    }
}
