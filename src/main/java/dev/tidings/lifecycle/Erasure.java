package dev.tidings.lifecycle;

import dev.tidings.inbox.InboxEraser;
import dev.tidings.inbox.InboxLocks;
import dev.tidings.inbox.WireFormat;
import dev.tidings.likes.LikeTransaction;
import dev.tidings.publish.PublishTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Erases one user, in the caller's transaction (a group commit's): first the inboxes it changes are
 * locked, the user's own and those of the owners whose objects the user liked, in user order as by
 * every write; then the likes (each one the user made retracted as an unlike would), the inbox
 * (log, notifications, contents no one else shares, the inbox row) and the publication records.
 */
@ApplicationScoped
public class Erasure {

    @Inject
    InboxLocks locks;

    @Inject
    InboxEraser inboxes;

    @Inject
    LikeTransaction likes;

    @Inject
    PublishTransaction publications;

    /** What one erasure deleted or changed, by table. */
    public record Counts(String user, int inbox, int events, int notifications, int contents, int likesMade,
                         int likesReceived, int ownerNotificationsChanged, int publications) {

        /** The answer's body. */
        public JsonObject json() {
            return WireFormat.JSON.createObjectBuilder()
                    .add("user", user)
                    .add("erased", WireFormat.JSON.createObjectBuilder()
                            .add("inbox", inbox)
                            .add("events", events)
                            .add("notifications", notifications)
                            .add("contents", contents)
                            .add("likesMade", likesMade)
                            .add("likesReceived", likesReceived)
                            .add("publications", publications))
                    .add("ownerNotificationsChanged", ownerNotificationsChanged)
                    .build();
        }

        /** The audit line's counts: numbers only. */
        String summary() {
            return "inbox " + inbox + ", events " + events + ", notifications " + notifications + ", contents " + contents
                    + ", likes made " + likesMade + ", likes received " + likesReceived + ", owners' like notifications changed "
                    + ownerNotificationsChanged + ", publication records " + publications;
        }
    }

    /** Erases {@code user}; nothing to erase is not an error (all counts 0). */
    @Transactional
    public Counts erase(String user) {
        Set<String> inboxesToLock = new TreeSet<>(likes.ownersLikedBy(user));
        inboxesToLock.add(user);
        locks.lock(inboxesToLock);
        LikeTransaction.Erased liked = likes.erase(user);
        InboxEraser.Erased inbox = inboxes.erase(user);
        int records = publications.erase(user);
        return new Counts(user, inbox.inbox(), inbox.events(), inbox.notifications(), inbox.contents(), liked.likesMade(),
                liked.likesReceived(), liked.ownerNotificationsChanged(), records);
    }
}
