package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPolicyTest {

    private static final OriginPolicy OWN_ORIGIN = new OriginPolicy(List.of());
    private static final OriginPolicy ALLOW_LIST = new OriginPolicy(List.of("https://app.example.com", " https://admin.example.com:8443 "));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "https://example.com             | true",
            "HTTPS://Example.COM             | true",
            "https://example.com:443         | true",
            "NONE                            | true",   // no Origin: not a browser
            "http://example.com              | false",  // another scheme
            "https://example.com:8443        | false",
            "https://evil.net                | false",
            "null                            | false",
            "https://example.com.evil.net    | false",
            "https://evil-example.com        | false",
            "https://sub.example.com         | false",
            "https://exаmple.com             | false",  // a Cyrillic a
            "https://xn--exmple-4nf.com      | false",  // the same look-alike as a browser sends it
            "https://example.com/            | false",
            "https://example.com/path        | false",
            "https://user@example.com        | false",
            "https://example.com@evil.net    | false",
            "'https://example.com, https://evil.net' | false",
            "ftp://example.com               | false",
            "*                               | false",
            "''                              | false"})
    void withoutAnAllowListOnlyTheServersOwnOriginMayConnect(String origin, boolean allowed) {
        assertEquals(allowed, OWN_ORIGIN.allows(origin, "https", "example.com"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "https://app.example.com         | true",
            "https://admin.example.com:8443  | true",
            "https://admin.example.com       | false",
            "https://tidings.example.com     | false",  // the server's own origin is not implied
            "https://app.example.com.evil.net| false",
            "http://app.example.com          | false"})
    void withAnAllowListExactlyThoseOrigins(String origin, boolean allowed) {
        assertEquals(allowed, ALLOW_LIST.allows(origin, "https", "tidings.example.com"));
    }

    @ParameterizedTest
    @CsvSource({"example.com", "https://example.com/app", "*.example.com", "https://*.example.com"})
    void aMisconfiguredAllowListIsRefused(String origin) {
        assertThrows(IllegalArgumentException.class, () -> new OriginPolicy(List.of(origin)));
    }
}
