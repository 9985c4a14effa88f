package dev.tidings.inbox;

import dev.tidings.config.Limits;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready} is DOWN while the inbox database cannot hand out a valid connection, or
 * holds the schema of an earlier Tidings that this one cannot write (said loudly at start).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class.getName());

    static final String OUTDATED = "this database was written by an earlier Tidings, which stored each notification's "
            + "content once per recipient (TIDINGS_NOTIFICATION.TITLE); this one stores it once per call and cannot "
            + "use it: start with an empty database (a development server's lives under the server's data/ folder: "
            + "./mvnw clean removes it)";

    @Resource(lookup = "jdbc/tidings")
    DataSource dataSource;

    @Inject
    Limits limits;

    @Inject
    SchemaMigration schema;

    private volatile Boolean outdated;

    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        try (Connection connection = dataSource.getConnection()) {
            if (outdated(connection)) {
                LOG.severe(OUTDATED);
            }
        } catch (SQLException e) {
            // The readiness check reports it.
        }
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(limits.databaseCheckTimeoutSeconds());
            if (valid && outdated(connection)) {
                return HealthCheckResponse.named("database").down().withData("error", OUTDATED).build();
            }
            if (valid && !schema.migrated()) {
                return HealthCheckResponse.named("database").down()
                        .withData("error", "the schema could not be migrated (see the server's log)").build();
            }
            return HealthCheckResponse.named("database")
                    .status(valid)
                    .withData("product", connection.getMetaData().getDatabaseProductName())
                    .build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }

    boolean outdated(Connection connection) throws SQLException {
        if (outdated == null) {
            DatabaseMetaData meta = connection.getMetaData();
            boolean old = false;
            for (String[] name : new String[][] {{"TIDINGS_NOTIFICATION", "TITLE"}, {"tidings_notification", "title"}}) {
                try (ResultSet columns = meta.getColumns(null, null, name[0], name[1])) {
                    old |= columns.next();
                }
            }
            outdated = old;
        }
        return outdated;
    }
}
