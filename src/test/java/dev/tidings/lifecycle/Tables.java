package dev.tidings.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In the container: what the tables hold for one user, counted with plain SQL, and events made old. */
@ApplicationScoped
public class Tables {

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    /** Every row that names {@code user}, by table (and column). */
    @Transactional
    public Map<String, Long> rowsOf(String user) {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("inbox", count("SELECT COUNT(*) FROM TIDINGS_INBOX WHERE USER_ID = ?1", user));
        rows.put("events", count("SELECT COUNT(*) FROM TIDINGS_INBOX_EVENT WHERE USER_ID = ?1", user));
        rows.put("notifications", count("SELECT COUNT(*) FROM TIDINGS_NOTIFICATION WHERE USER_ID = ?1", user));
        rows.put("likes made", count("SELECT COUNT(*) FROM TIDINGS_LIKE WHERE ACTOR_ID = ?1", user));
        rows.put("likes of own objects", count("SELECT COUNT(*) FROM TIDINGS_LIKE WHERE OWNER_ID = ?1", user));
        rows.put("publications as publisher", count("SELECT COUNT(*) FROM TIDINGS_PUBLICATION WHERE PUBLISHER_ID = ?1", user));
        rows.put("publications as recipient", count(
                "SELECT COUNT(*) FROM TIDINGS_PUBLICATION WHERE RESPONSE_JSON LIKE ?1", "%\"recipient\":\"" + user + "\"%"));
        return rows;
    }

    /** Whether a content row with this id exists. */
    @Transactional
    public boolean contentExists(String id) {
        return count("SELECT COUNT(*) FROM TIDINGS_CONTENT WHERE ID = ?1", id) > 0;
    }

    /** The content ids of {@code user}'s notifications. */
    @Transactional
    public List<String> contentIdsOf(String user) {
        List<?> ids = em.createNativeQuery("SELECT CONTENT_ID FROM TIDINGS_NOTIFICATION WHERE USER_ID = ?1 ORDER BY CONTENT_ID")
                .setParameter(1, user)
                .getResultList();
        return ids.stream().map(String::valueOf).toList();
    }

    /** Sets the creation time of {@code user}'s events up to {@code seq} to {@code at}. */
    @Transactional
    public int age(String user, long seq, Instant at) {
        return em.createNativeQuery("UPDATE TIDINGS_INBOX_EVENT SET CREATED_AT = ?1 WHERE USER_ID = ?2 AND SEQ <= ?3")
                .setParameter(1, LocalDateTime.ofInstant(at, ZoneOffset.UTC))
                .setParameter(2, user)
                .setParameter(3, seq)
                .executeUpdate();
    }

    /** The seqs of {@code user}'s events still in the log. */
    @Transactional
    public List<Long> seqsOf(String user) {
        List<?> seqs = em.createNativeQuery("SELECT SEQ FROM TIDINGS_INBOX_EVENT WHERE USER_ID = ?1 ORDER BY SEQ")
                .setParameter(1, user)
                .getResultList();
        return seqs.stream().map(seq -> ((Number) seq).longValue()).toList();
    }

    private long count(String sql, String parameter) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, parameter).getSingleResult()).longValue();
    }
}
