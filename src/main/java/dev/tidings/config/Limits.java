package dev.tidings.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every limit an operator may want to change, in one place; set any of them by environment
 * variable (e.g. {@code TIDINGS_PUBLISH_MAX_RECIPIENTS=5000}). docs/operations.md lists them.
 */
@ApplicationScoped
public class Limits {

    @Inject
    @ConfigProperty(name = "tidings.publish.max-recipients", defaultValue = "1000")
    int maxRecipients;

    @Inject
    @ConfigProperty(name = "tidings.request.max-body-bytes", defaultValue = "262144")
    long maxBodyBytes;

    @Inject
    @ConfigProperty(name = "tidings.inbox.default-limit", defaultValue = "50")
    int inboxDefaultLimit;

    @Inject
    @ConfigProperty(name = "tidings.inbox.max-limit", defaultValue = "500")
    int inboxMaxLimit;

    @Inject
    @ConfigProperty(name = "tidings.poll.max-events", defaultValue = "500")
    int pollMaxEvents;

    @Inject
    @ConfigProperty(name = "tidings.read.max-ids", defaultValue = "1000")
    int readMaxIds;

    @Inject
    @ConfigProperty(name = "tidings.health.database-timeout-seconds", defaultValue = "2")
    int databaseCheckTimeoutSeconds;

    /** Most recipients one publish call may name. */
    public int maxRecipients() {
        return maxRecipients;
    }

    /** Largest request body the API reads; larger ones are answered 413. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Notifications listed by {@code GET /inbox} when no {@code limit} is given. */
    public int inboxDefaultLimit() {
        return inboxDefaultLimit;
    }

    /** Largest {@code limit} that {@code GET /inbox} accepts. */
    public int inboxMaxLimit() {
        return inboxMaxLimit;
    }

    /** Most events one poll answer carries; the client polls again from the returned cursor. */
    public int pollMaxEvents() {
        return pollMaxEvents;
    }

    /** Most notification ids one mark-read call may name. */
    public int readMaxIds() {
        return readMaxIds;
    }

    /** How long the readiness check waits for a database connection to prove valid. */
    public int databaseCheckTimeoutSeconds() {
        return databaseCheckTimeoutSeconds;
    }
}
