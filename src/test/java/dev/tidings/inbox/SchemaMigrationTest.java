package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

    private static SchemaMigration on(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        SchemaMigration migration = new SchemaMigration();
        migration.dataSource = h2;
        return migration;
    }

    private static List<String> versions(SchemaMigration migration) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection db = migration.dataSource.getConnection(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT \"version\", \"type\" FROM " + SchemaMigration.HISTORY_TABLE
                     + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rows.next()) {
                versions.add(rows.getString(1) + " " + rows.getString(2));
            }
        }
        return versions;
    }

    @Test
    void anEmptyDatabaseGetsEveryTableAndIsMigratedOnce() throws SQLException {
        SchemaMigration migration = on("empty");
        assertTrue(migration.migrated(), "an empty database is migrated");
        try (Connection db = migration.dataSource.getConnection(); Statement sql = db.createStatement()) {
            for (String table : List.of("TIDINGS_INBOX", "TIDINGS_CONTENT", "TIDINGS_NOTIFICATION", "TIDINGS_INBOX_EVENT",
                    "TIDINGS_PUBLICATION", "TIDINGS_LIKE")) {
                try (ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rows.next();
                    assertEquals(0, rows.getInt(1), table + " exists and is empty");
                }
            }
        }
        assertEquals(List.of("1 SQL"), versions(migration), "version 1 applied");
        SchemaMigration again = on("empty");
        assertTrue(again.migrated(), "a second start finds nothing to do");
        assertEquals(List.of("1 SQL"), versions(again), "nothing is applied twice");
    }

    @Test
    void aDatabaseAnEarlierTidingsCreatedIsTakenAsVersionOne() throws SQLException {
        SchemaMigration migration = on("earlier");
        try (Connection db = migration.dataSource.getConnection(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE TIDINGS_INBOX (USER_ID VARCHAR(128) PRIMARY KEY, LAST_SEQ BIGINT NOT NULL, "
                    + "UNREAD_COUNT BIGINT NOT NULL, VERSION BIGINT NOT NULL)");
            sql.execute("INSERT INTO TIDINGS_INBOX VALUES ('alice', 7, 2, 1)");
        }
        assertTrue(migration.migrated(), "the tables of an earlier Tidings are kept");
        assertEquals(List.of("1 BASELINE"), versions(migration), "recorded as version 1, not created again");
        try (Connection db = migration.dataSource.getConnection(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT LAST_SEQ FROM TIDINGS_INBOX WHERE USER_ID = 'alice'")) {
            assertTrue(rows.next(), "alice's inbox is still there");
            assertEquals(7, rows.getLong(1));
        }
    }

    @Test
    void aSchemaSharedWithOtherTablesStillGetsVersionOne() throws SQLException {
        SchemaMigration migration = on("shared");
        try (Connection db = migration.dataSource.getConnection(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE SOMEONE_ELSES (ID INT PRIMARY KEY)");
        }
        assertTrue(migration.migrated(), "another application's tables do not stop the migration");
        assertEquals(List.of("0 BASELINE", "1 SQL"), versions(migration), "baselined before version 1, then version 1 applied");
    }

    @Test
    void anUnreachableDatabaseIsReportedAndTriedAgain() {
        JdbcDataSource nowhere = new JdbcDataSource();
        nowhere.setURL("jdbc:h2:mem:unreachable;IFEXISTS=TRUE");
        SchemaMigration migration = new SchemaMigration();
        migration.dataSource = nowhere;
        assertFalse(migration.migrated(), "a database that is not there is not migrated");
        JdbcDataSource there = new JdbcDataSource();
        there.setURL("jdbc:h2:mem:reachable-later;DB_CLOSE_DELAY=-1");
        migration.dataSource = there;
        assertTrue(migration.migrated(), "the next attempt migrates it");
    }
}
