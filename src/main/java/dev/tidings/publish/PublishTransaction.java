package dev.tidings.publish;

import dev.tidings.inbox.InboxWriter;
import dev.tidings.inbox.NewNotification;
import dev.tidings.inbox.Receipt;
import dev.tidings.inbox.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One publish call's writes: the inbox writes and, with a key, the publication record. Run inside
 * a group commit's transaction ({@link dev.tidings.inbox.GroupCommit}), shared with other calls.
 */
@ApplicationScoped
public class PublishTransaction {

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    @Inject
    InboxWriter inboxes;

    /**
     * Appends the notification to every recipient's inbox and answers the 201 body. With an
     * idempotency key the answer is stored in the same transaction; a concurrent call with the
     * same key then fails to commit and is answered from the stored record instead.
     */
    @Transactional
    public String publish(NewNotification content, List<String> sortedRecipients, List<String> requestOrder,
                          String idempotencyKey, String requestHash) {
        List<Receipt> receipts = inboxes.append(content, sortedRecipients);
        String response = responseBody(receipts, requestOrder).toString();
        if (idempotencyKey != null) {
            em.persist(new Publication(content.publisherId(), idempotencyKey, requestHash, response, Instant.now()));
        }
        return response;
    }

    @Transactional
    public Optional<Publication> find(String publisherId, String idempotencyKey) {
        return Optional.ofNullable(em.find(Publication.class, new Publication.Key(publisherId, idempotencyKey)));
    }

    /**
     * Deletes every publication record {@code user} made as a publisher or whose answer names
     * {@code user} as a recipient; answers how many. A repeat of such a call with its key is then
     * a new call.
     */
    @Transactional
    public int erase(String user) {
        int published = em.createQuery("DELETE FROM Publication p WHERE p.publisherId = :user")
                .setParameter("user", user)
                .executeUpdate();
        int received = em.createQuery("DELETE FROM Publication p WHERE p.responseJson LIKE :recipient ESCAPE '!'")
                .setParameter("recipient", recipientPattern(user))
                .executeUpdate();
        return published + received;
    }

    /**
     * A LIKE pattern matching a stored answer ({@link #responseBody}) that names {@code user} as a
     * recipient: {@code "recipient":"<user>"} anywhere, wildcards in the id escaped with {@code !}.
     */
    static String recipientPattern(String user) {
        String escaped = user.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%\"recipient\":\"" + escaped + "\"%";
    }

    static JsonObject responseBody(List<Receipt> receipts, List<String> requestOrder) {
        Map<String, Receipt> byRecipient = receipts.stream().collect(Collectors.toMap(Receipt::recipient, r -> r));
        JsonArrayBuilder notifications = WireFormat.JSON.createArrayBuilder();
        requestOrder.stream().map(byRecipient::get).forEach(r -> notifications.add(WireFormat.JSON.createObjectBuilder()
                .add("recipient", r.recipient())
                .add("id", r.id())
                .add("seq", r.seq())));
        return WireFormat.JSON.createObjectBuilder().add("notifications", notifications).build();
    }
}
