package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebSocketUpgradeRequestTest {

    private final List<String> calls = new ArrayList<>();
    private final HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                calls.add(method.getName() + (args == null ? "()" : "(" + args[0] + ")"));
                return null;
            });

    @Test
    void getSessionNeverCreatesOne() {
        assertNull(new WebSocketUpgradeRequest(request, new Caller.LiveIdentity("alice", null)).getSession());
        assertEquals(List.of("getSession(false)"), calls);
    }

    @Test
    void thePrincipalIsTheCallersLiveIdentityNotTheToken() {
        Caller.LiveIdentity alice = new Caller.LiveIdentity("alice", Instant.now().plusSeconds(60));
        WebSocketUpgradeRequest upgrade = new WebSocketUpgradeRequest(request, alice);

        assertSame(alice, upgrade.getUserPrincipal());
        assertEquals("alice", upgrade.getUserPrincipal().getName());
        assertEquals(Optional.of(alice), Caller.liveIdentityOf(upgrade.getUserPrincipal()));
        assertEquals(List.of(), calls);
    }

    @Test
    void aLiveIdentityPastItsExpiryIsNoLongerLive() {
        Caller.LiveIdentity expired = new Caller.LiveIdentity("alice", Instant.now().minusSeconds(1));

        assertEquals(Optional.empty(), Caller.liveIdentityOf(expired));
    }
}
