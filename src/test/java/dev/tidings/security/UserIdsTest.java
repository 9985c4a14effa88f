package dev.tidings.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a", "alice@example.com", "user:42", "A.b_c-d+e"})
    void ordinaryIdentifiersAreUserIds(String id) {
        assertTrue(UserIds.isValid(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " alice", "bob smith", "-leading", "new\nline", "semi;colon", "slash/y", "ü"})
    void spacesSeparatorsAndControlCharactersAreNot(String id) {
        assertFalse(UserIds.isValid(id));
    }

    @org.junit.jupiter.api.Test
    void aUserIdFitsItsColumn() {
        assertTrue(UserIds.isValid("a".repeat(UserIds.MAX_LENGTH)));
        assertFalse(UserIds.isValid("a".repeat(UserIds.MAX_LENGTH + 1)));
        assertFalse(UserIds.isValid(null));
    }
}
