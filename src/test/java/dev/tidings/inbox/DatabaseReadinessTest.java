package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DatabaseReadinessTest {

    @Test
    void aDatabaseWithContentPerRecipientIsTooOldToUse() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:old-schema")) {
            try (Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE TIDINGS_NOTIFICATION (ID VARCHAR(36) PRIMARY KEY, TITLE VARCHAR(200) NOT NULL)");
            }
            assertTrue(new DatabaseReadiness().outdated(db), "a notification table with a TITLE column is the old schema");
        }
    }

    @Test
    void anEmptyOrCurrentDatabaseIsUsable() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:new-schema")) {
            DatabaseReadiness empty = new DatabaseReadiness();
            assertFalse(empty.outdated(db), "an empty database is created as this version needs it");
            try (Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE TIDINGS_NOTIFICATION (ID VARCHAR(36) PRIMARY KEY, CONTENT_ID VARCHAR(36) NOT NULL)");
            }
            assertFalse(new DatabaseReadiness().outdated(db), "slim notification rows are the current schema");
        }
    }
}
