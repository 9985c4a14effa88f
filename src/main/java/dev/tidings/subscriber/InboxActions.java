package dev.tidings.subscriber;

import dev.tidings.inbox.GroupCommit;
import dev.tidings.inbox.InboxWriter;
import dev.tidings.inbox.ReadReceipt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What subscribers do to their own inbox, whichever transport carries the request (REST or a
 * WebSocket message): mark read, acknowledge receipt. Requests are checked by Bean Validation
 * here (a {@code ConstraintViolationException} when invalid), so both transports apply one set of rules.
 */
@ApplicationScoped
public class InboxActions {

    @Inject
    GroupCommit commits;

    @Inject
    InboxWriter writer;

    /** Marks notifications read, once committed; one {@code read} event if anything changed. */
    public CompletionStage<ReadReceipt> markRead(String userId, @Valid @NotNull ReadRequest request) {
        return commits.submit(List.of(userId), 2, () -> writer.markRead(userId, request.marked()));
    }

    /** Records that the user's client has received every event up to {@code seq}. */
    public void acknowledge(String userId, @PositiveOrZero long seq) {
        writer.markDelivered(userId, seq);
    }
}
