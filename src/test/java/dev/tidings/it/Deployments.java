package dev.tidings.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that `mvn package` built, deployed as it ships. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive tidings() {
        File war = new File(System.getProperty("tidings.war", "target/tidings.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
