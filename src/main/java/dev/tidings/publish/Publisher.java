package dev.tidings.publish;

import dev.tidings.config.Limits;
import dev.tidings.inbox.GroupCommit;
import dev.tidings.inbox.NewNotification;
import dev.tidings.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Publishes a notification to its recipients exactly once per idempotency key: a repeat of the
 * same request is answered from the first call's record and writes nothing; a different
 * request under a used key is refused.
 */
@ApplicationScoped
public class Publisher {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1," + Publication.MAX_KEY_LENGTH + "}");

    @Inject
    Limits limits;

    @Inject
    GroupCommit commits;

    @Inject
    PublishTransaction transaction;

    /** The 201 body, and whether it is a replay of an earlier call with the same key. */
    public record Outcome(String json, boolean replayed) {
    }

    /**
     * Checks the call, then queues it for the next group commit; the stage completes once the
     * notifications are committed (or the call is answered from an earlier one with its key).
     */
    public CompletionStage<Outcome> publish(String publisherId, String idempotencyKey, PublishRequest request) {
        if (idempotencyKey != null && !KEY.matcher(idempotencyKey).matches()) {
            throw new ProblemException(400, "Idempotency-Key must be 1 to " + Publication.MAX_KEY_LENGTH
                    + " printable ASCII characters without spaces");
        }
        List<String> recipients = request.recipients();
        if (recipients.size() > limits.maxRecipients()) {
            throw new ProblemException(400, "at most " + limits.maxRecipients() + " recipients per call");
        }
        if (new HashSet<>(recipients).size() != recipients.size()) {
            throw new ProblemException(400, "recipients must not repeat");
        }
        if (request.data() != null && request.data().toString().getBytes(StandardCharsets.UTF_8).length > limits.maxDataBytes()) {
            throw new ProblemException(400, "data must be at most " + limits.maxDataBytes() + " bytes of JSON");
        }
        String hash = request.fingerprint();
        List<String> sorted = recipients.stream().sorted().toList();
        NewNotification content = request.content(publisherId);
        CompletionStage<Outcome> committed = commits.submit(sorted, 2 * sorted.size() + 1, () -> {
            if (idempotencyKey != null) {
                Publication earlier = transaction.find(publisherId, idempotencyKey).orElse(null);
                if (earlier != null) {
                    return replay(earlier, hash);
                }
            }
            return new Outcome(transaction.publish(content, sorted, recipients, idempotencyKey, hash), false);
        });
        if (idempotencyKey == null) {
            return committed;
        }
        // A concurrent call with the same key (on another server) committed first: answer as it was answered.
        return committed.exceptionallyCompose(failure -> {
            Throwable cause = GroupCommit.cause(failure);
            if (cause instanceof ProblemException) {
                return CompletableFuture.failedStage(cause);
            }
            return transaction.find(publisherId, idempotencyKey).map(earlier -> CompletableFuture.completedStage(replay(earlier, hash)))
                    .orElseGet(() -> CompletableFuture.failedStage(cause));
        });
    }

    private static Outcome replay(Publication earlier, String requestHash) {
        if (!earlier.requestHash().equals(requestHash)) {
            throw new ProblemException(422, "this Idempotency-Key was already used with a different request");
        }
        return new Outcome(earlier.responseJson(), true);
    }
}
