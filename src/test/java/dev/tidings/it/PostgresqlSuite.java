package dev.tidings.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the integration suite against PostgreSQL: registered for the whole run (JUnit's extension
 * auto-detection, switched on only by the pom's {@code postgresql} execution), it starts a private
 * cluster ({@link PostgresCluster}) before the first test class, points the test server's data
 * source at it (a configDropins override, read when Arquillian starts the server), and stops it
 * after the last. Without PostgreSQL every test is skipped with a loud message, or fails under
 * {@code TIDINGS_REQUIRE_TOOLS=true}.
 */
public final class PostgresqlSuite implements ExecutionCondition {

    /** Set (to true) only in the execution that runs against PostgreSQL. */
    static final String SWITCH = "tidings.it.postgresql";

    private static volatile PostgresCluster current;

    /** The cluster of this run (to stop and start it), or null outside the PostgreSQL run. */
    static PostgresCluster cluster() {
        return current;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!Boolean.getBoolean(SWITCH)) {
            return ConditionEvaluationResult.enabled("H2");
        }
        Started started = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Started.class, key -> Started.start(), Started.class);
        if (started.cluster == null) {
            String message = "*** SKIPPING the PostgreSQL run of the integration tests: " + started.problem
                    + " (apt-get install postgresql) ***";
            if (Boolean.parseBoolean(System.getenv("TIDINGS_REQUIRE_TOOLS"))) {
                throw new IllegalStateException(message.replace("SKIPPING", "FAILING (TIDINGS_REQUIRE_TOOLS=true)"));
            }
            System.err.println(message);
            return ConditionEvaluationResult.disabled(message);
        }
        return ConditionEvaluationResult.enabled("PostgreSQL on port " + started.cluster.port());
    }

    /** The cluster of this run, closed by JUnit after the last test (after Arquillian's server, started later). */
    static final class Started implements ExtensionContext.Store.CloseableResource {

        final PostgresCluster cluster;
        final String problem;

        private Started(PostgresCluster cluster, String problem) {
            this.cluster = cluster;
            this.problem = problem;
        }

        static Started start() {
            var bin = PostgresCluster.binaries();
            if (bin.isEmpty()) {
                return new Started(null, "no PostgreSQL server binaries under /usr/lib/postgresql");
            }
            try {
                PostgresCluster cluster = PostgresCluster.start(bin.get(), Path.of("target"));
                Path server = Path.of(System.getProperty("tidings.server.dir"));
                Path overrides = server.resolve("configDropins/overrides");
                Files.createDirectories(overrides);
                Files.writeString(overrides.resolve("postgresql.xml"), """
                        <server>
                            <variable name="tidings.db.url" value="%s"/>
                            <variable name="tidings.db.user" value="%s"/>
                            <variable name="tidings.db.password" value="%s"/>
                        </server>
                        """.formatted(cluster.jdbcUrl(), PostgresCluster.USER, PostgresCluster.PASSWORD));
                System.err.println("*** integration tests run against PostgreSQL: " + cluster.jdbcUrl() + " ***");
                current = cluster;
                return new Started(cluster, null);
            } catch (IOException e) {
                throw new IllegalStateException("could not start a PostgreSQL cluster for the tests: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            if (cluster != null) {
                cluster.stop();
            }
        }
    }
}
