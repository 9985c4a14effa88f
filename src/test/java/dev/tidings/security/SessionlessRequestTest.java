package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionlessRequestTest {

    @Test
    void getSessionNeverCreatesOne() {
        List<String> calls = new ArrayList<>();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "()" : "(" + args[0] + ")"));
                    return null;
                });

        assertNull(new SessionlessRequest(request).getSession());
        assertEquals(List.of("getSession(false)"), calls);
    }
}
