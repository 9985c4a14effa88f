package dev.tidings.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * JWTs made by the test itself, signed with the test server's own key (the one its mpJwt
 * verifies with) or with a stranger's: valid ones, and every way of being wrong.
 */
public final class TestTokens {

    private final Path serverDir;

    public TestTokens() {
        this(Path.of(System.getProperty("tidings.server.dir", "target/liberty/wlp/usr/servers/tidings-it")));
    }

    public TestTokens(Path serverDir) {
        this.serverDir = serverDir;
    }

    /** A token for {@code user}, valid from now for {@code lifetime}. */
    public String valid(String user, Duration lifetime, String... groups) {
        return sign(serverKey(), claims -> {
            claims.setSubject(user);
            claims.setStringListClaim("groups", List.of(groups));
            claims.setExpirationTime(at(Instant.now().plus(lifetime)));
        });
    }

    /** A token that expired an hour ago (well past any clock skew). */
    public String expired(String user) {
        return sign(serverKey(), claims -> {
            claims.setSubject(user);
            claims.setIssuedAt(at(Instant.now().minus(Duration.ofHours(2))));
            claims.setExpirationTime(at(Instant.now().minus(Duration.ofHours(1))));
        });
    }

    /** A token not valid before an hour from now. */
    public String notYetValid(String user) {
        return sign(serverKey(), claims -> {
            claims.setSubject(user);
            claims.setNotBefore(at(Instant.now().plus(Duration.ofHours(1))));
            claims.setExpirationTime(at(Instant.now().plus(Duration.ofHours(2))));
        });
    }

    /** A well-formed token for {@code user} signed with a key the server has never seen. */
    public String strangersSignature(String user) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(generator.generateKeyPair().getPrivate(), claims -> {
                claims.setSubject(user);
                claims.setExpirationTime(at(Instant.now().plus(Duration.ofHours(1))));
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token from another issuer, signed with the right key. */
    public String otherIssuer(String user) {
        return sign(serverKey(), claims -> {
            claims.setIssuer("someone-else");
            claims.setSubject(user);
            claims.setExpirationTime(at(Instant.now().plus(Duration.ofHours(1))));
        });
    }

    /** An unsigned token ({@code alg: none}) claiming to be {@code user}. */
    public static String unsigned(String user) {
        JwtClaims claims = base();
        claims.setSubject(user);
        claims.setExpirationTime(at(Instant.now().plus(Duration.ofHours(1))));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaims base() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("tidings-dev");
        claims.setAudience("tidings");
        claims.setIssuedAtToNow();
        claims.setGeneratedJwtId();
        return claims;
    }

    private static String sign(PrivateKey key, Consumer<JwtClaims> shape) {
        JwtClaims claims = base();
        shape.accept(claims);
        if (!claims.hasClaim("upn")) {
            try {
                claims.setClaim("upn", claims.getSubject());
            } catch (org.jose4j.jwt.MalformedClaimException e) {
                throw new IllegalStateException(e);
            }
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NumericDate at(Instant instant) {
        return NumericDate.fromSeconds(instant.getEpochSecond());
    }

    private PrivateKey serverKey() {
        try {
            String password = Files.readAllLines(serverDir.resolve("server.env")).stream()
                    .filter(line -> line.startsWith("keystore_password="))
                    .map(line -> line.substring("keystore_password=".length()).trim())
                    .findFirst().orElseThrow(() -> new IllegalStateException("no keystore_password in server.env"));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(serverDir.resolve("resources/security/key.p12"))) {
                store.load(in, password.toCharArray());
            }
            return (PrivateKey) store.getKey("default", password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
