package dev.tidings.inbox;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and upgrades the schema with the versioned migrations in {@code db/migration} (Flyway),
 * on H2 and PostgreSQL alike, before anything else at start. Servers starting together take
 * Flyway's lock in turn; the first applies what is missing. A database that cannot be reached at
 * start is migrated when it can ({@link #migrated()}, asked by the readiness check), so a server
 * started before its database comes up without a restart.
 *
 * <p>A database created by an earlier Tidings, whose persistence provider generated the schema,
 * already has version 1's tables and no migration history: it is recorded as version 1
 * (a baseline) and upgraded from there.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
    /** Where Flyway records what it applied. */
    static final String HISTORY_TABLE = "TIDINGS_SCHEMA_HISTORY";

    @Resource(lookup = "jdbc/tidings")
    DataSource dataSource;

    private volatile boolean migrated;

    void migrateAtStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object started) {
        migrated();
    }

    /** Whether the schema is up to date; migrates it first if that has not succeeded yet. */
    public boolean migrated() {
        if (!migrated) {
            synchronized (this) {
                if (!migrated) {
                    migrated = migrate();
                }
            }
        }
        return migrated;
    }

    private boolean migrate() {
        try {
            boolean earlierTidings = hasTable("TIDINGS_INBOX");
            MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                    .loggers("org.flywaydb.core.internal.logging.javautil.JavaUtilLogCreator")
                    .dataSource(dataSource)
                    // On Liberty a folder is found by its empty marker file, flyway.location (db/callback,
                    // where Flyway always looks for callbacks, has one too: it holds none, but a folder
                    // not found is logged as an error at every start).
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .table(HISTORY_TABLE)
                    // A schema holding other tables (a shared PostgreSQL schema) still gets version 1.
                    .baselineOnMigrate(true)
                    .baselineVersion(earlierTidings ? "1" : "0")
                    .load()
                    .migrate();
            LOG.info(String.format("Tidings' schema is at version %s (%d migrations applied now, on %s)",
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted, result.database));
            return true;
        } catch (RuntimeException | SQLException failed) {
            LOG.log(Level.SEVERE, "Tidings' schema could not be created or upgraded; /health/ready stays DOWN and it is "
                    + "tried again at each readiness check: " + failed.getMessage(), failed);
            return false;
        }
    }

    private boolean hasTable(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            for (String spelling : new String[] {name, name.toLowerCase(java.util.Locale.ROOT)}) {
                try (ResultSet tables = meta.getTables(null, null, spelling, new String[] {"TABLE"})) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
