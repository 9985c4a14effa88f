package dev.tidings.lifecycle;

import dev.tidings.config.Limits;
import dev.tidings.inbox.GroupCommit;
import dev.tidings.rest.Problems;
import dev.tidings.security.Caller;
import dev.tidings.security.UserIds;
import dev.tidings.security.WriteRates;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code DELETE /api/v1/users/{user}}: erases everything Tidings keeps about one user, for a
 * publisher or an administrator (web.xml: roles {@code publisher} and {@code admin}). One group
 * commit, under the same inbox locks as every write; answered with what was deleted once it is
 * committed; audited with one INFO line in the server log.
 */
@Path("users/{user}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Data lifecycle")
public class UsersResource {

    private static final Logger LOG = Logger.getLogger(UsersResource.class.getName());

    @Inject
    Erasure erasure;

    @Inject
    GroupCommit commits;

    @Inject
    Caller caller;

    @Inject
    WriteRates rates;

    @Inject
    Limits limits;

    @DELETE
    @Operation(summary = "Erase everything Tidings keeps about one user",
            description = "Deletes the user's inbox, event log, notifications (with their read and delivery marks), the likes the "
                    + "user made (each owner's like notification is revised or retracted as by an unlike), the likes of the user's "
                    + "objects, and the publication records that name the user as publisher or recipient, in one transaction. "
                    + "The user's live connections end. Idempotent: a user with nothing stored is answered with zero counts. "
                    + "A later publish to the user starts a fresh inbox at seq 1.")
    @Parameter(name = "user", in = ParameterIn.PATH, required = true, schema = @Schema(ref = "UserId"),
            description = "The user id to erase: 1 to 128 of letters, digits and . _ @ : + -, starting with a letter or digit")
    @APIResponse(responseCode = "200", description = "Erased (or nothing was stored): the user and what was deleted, by table",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ErasureAnswer"),
                    examples = @ExampleObject(name = "erased", value = """
                            {"user":"bob","erased":{"inbox":1,"events":4,"notifications":3,"contents":2,"likesMade":2,
                             "likesReceived":1,"publications":2},"ownerNotificationsChanged":2}""")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", description = "The token has neither the publisher nor the admin group",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "429", ref = "WriteRateUsedUp")
    @APIResponse(responseCode = "503", ref = "WriteUnavailable")
    public CompletionStage<JsonObject> erase(
            @PathParam("user") @Pattern(regexp = UserIds.PATTERN, message = "must be a user id") String user) {
        String by = caller.userId();
        rates.acquire(by);
        // As many rows as a full batch: the erasure is written alone, never sharing (and spoiling) others' commits.
        return commits.submit(List.of(), limits.writeMaxBatchRows(), () -> erasure.erase(user)).thenApply(counts -> {
            LOG.info(() -> "Tidings erased user " + user + " at the request of " + by + ": " + counts.summary());
            return counts.json();
        });
    }
}
