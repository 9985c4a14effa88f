package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.inbox.CommittedEvent;
import dev.tidings.inbox.InboxCreator;
import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.InboxWriter;
import dev.tidings.inbox.NewNotification;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** In the container: the inbox announces exactly what was committed, after the commit, never a rollback. */
@ExtendWith(ArquillianExtension.class)
class AfterCommitEventIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.tidings().addClasses(CommitRecorder.class, Api.class);
    }

    @Inject
    InboxCreator creator;

    @Inject
    InboxWriter writer;

    @Inject
    InboxReader reader;

    @Inject
    CommitRecorder recorder;

    @Inject
    UserTransaction transaction;

    @Test
    void subscribersSeeCommittedEventsAfterCommitAndNeverRolledBackOnes() throws Exception {
        String user = Api.newUser("ivy");
        NewNotification content = new NewNotification("shop", "comment", null, "hello", null, JsonObject.EMPTY_JSON_OBJECT, List.of());
        creator.ensureExist(List.of(user));

        writer.append(content, List.of(user));
        List<CommittedEvent> first = recorder.of(user);
        assertEquals(1, first.size());
        assertEquals(1, first.get(0).seq());
        assertEquals("created", first.get(0).kind());
        assertTrue(first.get(0).json().contains("\"seq\":1"), first.get(0).json());

        transaction.begin();
        writer.append(content, List.of(user));
        assertEquals(1, recorder.of(user).size(), "nothing is announced before the commit");
        transaction.rollback();
        assertEquals(1, recorder.of(user).size(), "a rolled-back append is never announced");

        transaction.begin();
        writer.append(content, List.of(user));
        writer.markRead(user, null);
        transaction.commit();
        List<CommittedEvent> all = recorder.of(user);
        assertEquals(List.of(1L, 2L, 3L), all.stream().map(CommittedEvent::seq).toList(),
                "the rolled-back seq was not spent; events come in seq order");
        assertEquals("read", all.get(2).kind());
        assertEquals(3, reader.eventsAfter(user, 0, 10).events().size());
        assertEquals(Set.of(), Set.copyOf(reader.eventsAfter(user, 3, 10).events()));
    }
}
