package dev.tidings.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the integration tests that call Tidings from outside share: the WAR as it ships, deployed
 * on the test server for the class; its address; an API client; and a publisher's token, for a
 * publisher of its own in every test.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AgainstTidings {

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.tidings();
    }

    @ArquillianResource
    protected URL base;

    protected Api api;

    /** A token of the group {@code publisher}, for a user of its own. */
    protected String publisher;

    @BeforeEach
    void connectAsPublisher() throws Exception {
        api = new Api(base.toURI());
        publisher = api.token(Api.newUser("shop"), "publisher");
    }
}
