package dev.tidings.likes;

import dev.tidings.inbox.GroupCommit;
import dev.tidings.inbox.Texts;
import dev.tidings.inbox.WireFormat;
import dev.tidings.rest.ProblemException;
import dev.tidings.rest.Problems;
import dev.tidings.security.Caller;
import dev.tidings.security.UserIds;
import dev.tidings.security.WriteRates;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Likes: {@code PUT} and {@code DELETE /api/v1/objects/{object}/likes/{actor}}, by a publisher
 * for anyone, or by a signed-in user for themselves. The owner's notification for the object is
 * created, updated in place or retracted to match.
 */
@Path("objects/{object}/likes/{actor}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Likes")
public class LikesResource {

    static final String OBJECT = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";

    @Inject
    LikeTransaction likes;

    @Inject
    GroupCommit commits;

    @Inject
    Caller caller;

    @Inject
    WriteRates rates;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a like (idempotent); the owner's notification is created or updated in place",
            description = "A publisher may like as anyone, a signed-in user only as themselves. The owner has one notification per object "
                    + "(\"alice and 3 others liked your post\"). Liking again changes nothing (changed: false). See docs/likes.md.")
    @APIResponse(responseCode = "200", description = "The object's likes and the owner's notification",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "LikeAnswer"),
                    examples = @ExampleObject(name = "liked", value = """
                            {"object":"post:42","owner":"bob","likes":2,"changed":true,
                             "notification":{"id":"6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10","seq":9}}""")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "LikeAsOther")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "429", ref = "WriteRateUsedUp")
    @APIResponse(responseCode = "503", ref = "WriteUnavailable")
    public CompletionStage<JsonObject> like(@Parameter(ref = "LikedObject") @PathParam("object") @Pattern(regexp = OBJECT, message = "must be an object id") String object,
                           @Parameter(ref = "LikeActor") @PathParam("actor") @Pattern(regexp = UserIds.PATTERN, message = "must be a user id") String actor,
                           @Context SecurityContext security,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "LikeRequest"),
                                   examples = @ExampleObject(name = "a post", value = """
                                           {"owner":"bob","title":"your post"}""")))
                           @Valid @NotNull LikeRequest request) {
        allowed(actor, security);
        rates.acquire(caller.userId());
        String owner = request.owner();
        String title = request.title();
        return commits.submit(List.of(owner), 4, () -> likes.like(object, actor, owner, title)).thenApply(LikesResource::json);
    }

    @DELETE
    @Operation(summary = "Retract a like; the notification is updated, or retracted when no likes remain",
            description = "A publisher may unlike as anyone, a signed-in user only as themselves.")
    @APIResponse(responseCode = "200", description = "The object's remaining likes and the owner's notification (null once retracted)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "LikeAnswer"),
                    examples = {
                        @ExampleObject(name = "updated", value = """
                                {"object":"post:42","owner":"bob","likes":1,"changed":true,
                                 "notification":{"id":"6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10","seq":10}}"""),
                        @ExampleObject(name = "retracted", value = """
                                {"object":"post:42","owner":"bob","likes":0,"changed":true,"notification":null}""")}))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "LikeAsOther")
    @APIResponse(responseCode = "404", description = "This actor does not like this object",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "429", ref = "WriteRateUsedUp")
    @APIResponse(responseCode = "503", ref = "WriteUnavailable")
    public CompletionStage<JsonObject> unlike(@Parameter(ref = "LikedObject") @PathParam("object") @Pattern(regexp = OBJECT, message = "must be an object id") String object,
                             @Parameter(ref = "LikeActor") @PathParam("actor") @Pattern(regexp = UserIds.PATTERN, message = "must be a user id") String actor,
                             @Context SecurityContext security) {
        allowed(actor, security);
        rates.acquire(caller.userId());
        // The owner, whose inbox it locks, is known only from the like itself.
        return commits.submit(List.of(), 4, () -> likes.unlike(object, actor)).thenApply(outcome -> {
            if (outcome == null) {
                throw new ProblemException(404, "no like by this actor on this object");
            }
            return json(outcome);
        });
    }

    /** A publisher may like as anyone; a user only as themselves. */
    private void allowed(String actor, SecurityContext security) {
        if (!security.isUserInRole("publisher") && !actor.equals(caller.userId())) {
            throw new ProblemException(403, "a user may only like as themselves");
        }
    }

    private static JsonObject json(LikeTransaction.Outcome outcome) {
        JsonObjectBuilder json = WireFormat.JSON.createObjectBuilder()
                .add("object", outcome.object())
                .add("owner", outcome.owner())
                .add("likes", outcome.likes())
                .add("changed", outcome.changed());
        if (outcome.notification() == null) {
            json.addNull("notification");
        } else {
            json.add("notification", WireFormat.JSON.createObjectBuilder()
                    .add("id", outcome.notification().id())
                    .add("seq", outcome.notification().seq()));
        }
        return json.build();
    }

    /** Whose object it is, and what the owner calls it ("your post"). */
    public record LikeRequest(
            @NotNull @Pattern(regexp = UserIds.PATTERN, message = "must be a user id") String owner,
            @NotBlank @Size(max = Like.MAX_WHAT_LENGTH) @Pattern(regexp = Texts.ONE_LINE, message = Texts.NO_CONTROLS) String title) {
    }
}
