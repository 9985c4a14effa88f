package dev.tidings.security;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/dev/tokens}: a demo token for any user; 404 unless the development switch is on. */
@Path("dev/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Development")
public class DevTokenResource {

    @Inject
    DevTokens tokens;

    @POST
    @Operation(summary = "Mint a demo token (development server only)",
            description = "Answers 404 unless tidings.dev-tokens.enabled is true, which only the bundled server's configuration sets. "
                    + "Needs no token.")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "A token for the user, valid for tidings.dev-tokens.ttl (12 hours)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Token"),
                    examples = @ExampleObject(name = "token", value = """
                            {"token":"eyJraWQiOiJkZWZhdWx0IiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"}""")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", description = "Demo tokens are switched off (tidings.dev-tokens.enabled is not true)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    public JsonObject mint(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TokenRequest"),
                                   examples = @ExampleObject(name = "publisher", value = """
                                           {"user":"alice","groups":["publisher"]}""")))
                           @Valid @NotNull TokenRequest request) {
        if (!tokens.enabled()) {
            throw new NotFoundException();
        }
        List<String> groups = request.groups() == null ? List.of() : request.groups();
        return Json.createObjectBuilder().add("token", tokens.mint(request.user(), groups)).build();
    }

    /** Who the token is for and which groups (roles) it carries, e.g. {@code publisher}. */
    public record TokenRequest(
            @NotNull @Pattern(regexp = UserIds.PATTERN) String user,
            @Size(max = 20) List<@NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String> groups) {
    }
}
