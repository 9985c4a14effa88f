package dev.tidings.security;

import dev.tidings.inbox.UserIds;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/dev/tokens}: a demo token for any user; 404 unless the development switch is on. */
@Path("dev/tokens")
@Tag(name = "Development")
public class DevTokenResource {

    @Inject
    DevTokens tokens;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mint a demo token (development server only)")
    public JsonObject mint(@Valid @NotNull TokenRequest request) {
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
