package dev.tidings.likes;

import dev.tidings.config.Limits;
import dev.tidings.inbox.InboxLocks;
import dev.tidings.inbox.InboxWriter;
import dev.tidings.inbox.NewNotification;
import dev.tidings.inbox.Receipt;
import dev.tidings.inbox.WireFormat;
import dev.tidings.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A like or an unlike and the owner's aggregated notification, in one transaction under the
 * owner's inbox lock, so concurrent likes of one object are counted one after another.
 */
@ApplicationScoped
public class LikeTransaction {

    /** The publisher id of the notifications the like service aggregates; every publisher may read their state. */
    public static final String PUBLISHER = "likes";

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    @Inject
    InboxWriter inboxes;

    @Inject
    InboxLocks locks;

    @Inject
    Limits limits;

    /** What a like call answers: the object's like count and the owner's notification, if any. */
    public record Outcome(String object, String owner, long likes, Receipt notification, boolean changed) {
    }

    @Transactional
    public Outcome like(String object, String actor, String owner, String what) {
        locks.lock(owner);
        List<String> owners = em.createQuery("SELECT DISTINCT l.ownerId FROM Like l WHERE l.objectId = :object", String.class)
                .setParameter("object", object)
                .getResultList();
        if (!owners.isEmpty() && !owners.contains(owner)) {
            throw new ProblemException(409, "object " + object + " belongs to another owner");
        }
        if (em.find(Like.class, new Like.Key(object, actor)) != null) {
            return new Outcome(object, owner, count(object), null, false);
        }
        em.persist(new Like(object, actor, owner, what, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        em.flush();
        return refresh(object, owner, what);
    }

    @Transactional
    public Outcome unlike(String object, String actor) {
        Like existing = em.find(Like.class, new Like.Key(object, actor));
        if (existing == null) {
            return null;
        }
        String owner = existing.ownerId();
        locks.lock(owner);
        Like locked = em.find(Like.class, new Like.Key(object, actor));
        if (locked == null) {
            return new Outcome(object, owner, count(object), null, false);
        }
        em.remove(locked);
        em.flush();
        return refresh(object, owner, locked.what());
    }

    /** What erasing one user's likes did: the likes they made, the likes of their objects, the owners' notifications revised. */
    public record Erased(int likesMade, int likesReceived, int ownerNotificationsChanged) {
    }

    /** The owners (other than {@code user}) of the objects {@code user} likes: whose inboxes erasing the user locks. */
    @Transactional
    public List<String> ownersLikedBy(String user) {
        return em.createQuery("SELECT DISTINCT l.ownerId FROM Like l WHERE l.actorId = :user AND l.ownerId <> :user", String.class)
                .setParameter("user", user)
                .getResultList();
    }

    /**
     * Deletes every like {@code user} made, each as an unlike would (the owner's notification is
     * revised without them, or retracted when no one else likes the object), and every like of
     * the objects {@code user} owns (their own notifications go with their inbox). Locks the
     * owners' inboxes, in user order, before the first change.
     */
    @Transactional
    public Erased erase(String user) {
        List<Like> made = em.createQuery("SELECT l FROM Like l WHERE l.actorId = :user ORDER BY l.objectId", Like.class)
                .setParameter("user", user)
                .getResultList();
        locks.lock(made.stream().map(Like::ownerId).filter(owner -> !owner.equals(user)).toList());
        made.forEach(em::remove);
        em.flush();
        int received = em.createQuery("DELETE FROM Like l WHERE l.ownerId = :user AND l.actorId <> :user")
                .setParameter("user", user)
                .executeUpdate();
        int changed = 0;
        for (Like like : made) {
            if (!like.ownerId().equals(user) && refresh(like.objectId(), like.ownerId(), like.what()).changed()) {
                changed++;
            }
        }
        return new Erased(made.size(), received, changed);
    }

    /** Brings the owner's notification in line with who likes the object now (LikeAggregate's rules). */
    private Outcome refresh(String object, String owner, String what) {
        List<String> likers = em.createQuery("SELECT l.actorId FROM Like l WHERE l.objectId = :object "
                        + "ORDER BY l.createdAt DESC, l.actorId", String.class)
                .setParameter("object", object)
                .getResultList();
        Optional<LikeAggregate> aggregate = LikeAggregate.of(owner, likers, limits.likesActorsShown(), what);
        String group = "like:" + object;
        NewNotification content = aggregate.map(a -> new NewNotification(PUBLISHER, "like", group,
                a.title(), null, WireFormat.JSON.createObjectBuilder().add("object", object).build(), a.actors())).orElse(null);
        Receipt receipt = inboxes.aggregate(owner, group, content, aggregate.map(LikeAggregate::count).orElse(0L));
        return new Outcome(object, owner, count(object), receipt, receipt != null);
    }

    private long count(String object) {
        return em.createQuery("SELECT COUNT(l) FROM Like l WHERE l.objectId = :object", Long.class)
                .setParameter("object", object)
                .getSingleResult();
    }
}
