package dev.tidings.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Mints demo tokens on the development server, signed with the server's own key (the one its
 * {@code mpJwt} element verifies with). Off unless {@code tidings.dev-tokens.enabled} is true,
 * which only the bundled server's configuration sets; a warning says so at start.
 */
@ApplicationScoped
public class DevTokens {

    private static final Logger LOG = Logger.getLogger(DevTokens.class.getName());

    @Inject
    @ConfigProperty(name = "tidings.dev-tokens.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "tidings.dev-tokens.ttl", defaultValue = "PT12H")
    Duration ttl;

    @Inject
    @ConfigProperty(name = "tidings.dev-tokens.keystore", defaultValue = "")
    String keystorePath;

    @Inject
    @ConfigProperty(name = "tidings.dev-tokens.keystore-password", defaultValue = "")
    String keystorePassword;

    @Inject
    @ConfigProperty(name = "tidings.dev-tokens.key-alias", defaultValue = "default")
    String keyAlias;

    @Inject
    @ConfigProperty(name = "jwt.issuer", defaultValue = "tidings-dev")
    String issuer;

    @Inject
    @ConfigProperty(name = "jwt.audience", defaultValue = "tidings")
    String audience;

    private volatile PrivateKey signingKey;

    void warnAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (enabled) {
            LOG.warning("Development token minting is ON (POST /api/v1/dev/tokens): anyone who reaches this "
                    + "server can act as any user. Set tidings.dev-tokens.enabled=false outside development.");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** A signed JWT for {@code user} in {@code groups}, valid for the configured time to live. */
    public String mint(String user, List<String> groups) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(user);
        claims.setClaim("upn", user);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(ttl.toSeconds() / 60f);
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }

    private PrivateKey signingKey() {
        PrivateKey key = signingKey;
        if (key == null) {
            key = loadKey();
            signingKey = key;
        }
        return key;
    }

    private PrivateKey loadKey() {
        try (InputStream in = Files.newInputStream(Path.of(keystorePath))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = keystorePassword.toCharArray();
            store.load(in, password);
            return (PrivateKey) store.getKey(keyAlias, password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot read the development signing key from " + keystorePath, e);
        }
    }
}
