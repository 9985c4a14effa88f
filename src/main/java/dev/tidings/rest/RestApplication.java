package dev.tidings.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API under {@code /api/v1}; every caller presents a MicroProfile JWT. The OpenAPI
 * document at {@code /openapi} is these annotations merged into {@code META-INF/openapi.yaml}
 * (the servlet and WebSocket routes, and the shared schemas and responses).
 */
@ApplicationPath("api/v1")
@LoginConfig(authMethod = "MP-JWT")
@OpenAPIDefinition(
        info = @Info(title = "Tidings", version = "1",
                description = "Durable per-user notification inboxes with live delivery. See docs/api.md."),
        security = {@SecurityRequirement(name = "jwt"), @SecurityRequirement(name = "cookie")})
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "Authorization: Bearer <token>. The token's sub (or upn) is the user; the group publisher allows the publisher API.")
@SecurityScheme(securitySchemeName = "cookie", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE, apiKeyName = "access_token",
        description = "The same JWT as the cookie access_token, for browsers' EventSource and WebSocket, which cannot set headers. "
                + "A request with an Authorization header is judged by the header alone.")
public class RestApplication extends Application {
}
