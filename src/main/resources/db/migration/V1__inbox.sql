-- Tidings' schema, version 1: the durable per-user log and what it refers to.
-- Written once for H2 and PostgreSQL (plain SQL both accept). Never edit a migration that has
-- shipped: add V2__….sql instead (docs/operations.md, "Schema").

-- One row per user: the last seq handed out and the unread count. Writers lock it
-- (SELECT … FOR UPDATE, in user order) to allocate the next seq: two servers never tear it.
CREATE TABLE TIDINGS_INBOX (
    USER_ID      VARCHAR(128) NOT NULL,
    LAST_SEQ     BIGINT       NOT NULL,
    UNREAD_COUNT BIGINT       NOT NULL,
    VERSION      BIGINT       NOT NULL,
    CONSTRAINT TIDINGS_INBOX_PK PRIMARY KEY (USER_ID)
);

-- What a publish call says, stored once for all its recipients.
CREATE TABLE TIDINGS_CONTENT (
    ID                VARCHAR(36)   NOT NULL,
    PUBLISHER_ID      VARCHAR(128),
    NOTIFICATION_TYPE VARCHAR(64)   NOT NULL,
    GROUP_KEY         VARCHAR(200),
    TITLE             VARCHAR(200)  NOT NULL,
    BODY              VARCHAR(4000),
    DATA_JSON         VARCHAR       NOT NULL,
    ACTORS_JSON       VARCHAR(8000) NOT NULL,
    ACTOR_COUNT       BIGINT        NOT NULL,
    CREATED_AT        TIMESTAMP     NOT NULL,
    CONSTRAINT TIDINGS_CONTENT_PK PRIMARY KEY (ID)
);

-- One row per recipient of a notification: its state.
CREATE TABLE TIDINGS_NOTIFICATION (
    ID           VARCHAR(36)  NOT NULL,
    USER_ID      VARCHAR(128) NOT NULL,
    CONTENT_ID   VARCHAR(36)  NOT NULL,
    CREATED_SEQ  BIGINT       NOT NULL,
    CREATED_AT   TIMESTAMP    NOT NULL,
    UPDATED_AT   TIMESTAMP    NOT NULL,
    READ_AT      TIMESTAMP,
    DELIVERED_AT TIMESTAMP,
    RETRACTED_AT TIMESTAMP,
    CONSTRAINT TIDINGS_NOTIFICATION_PK PRIMARY KEY (ID),
    CONSTRAINT TIDINGS_NOTIFICATION_CONTENT_FK FOREIGN KEY (CONTENT_ID) REFERENCES TIDINGS_CONTENT (ID)
);
CREATE INDEX TIDINGS_NOTIFICATION_BY_USER ON TIDINGS_NOTIFICATION (USER_ID, UPDATED_AT);

-- The log: every change of an inbox, by user and gap-free seq (the resume cursor).
-- A created event of a published notification has no PAYLOAD: it is rendered from its content.
CREATE TABLE TIDINGS_INBOX_EVENT (
    USER_ID         VARCHAR(128) NOT NULL,
    SEQ             BIGINT       NOT NULL,
    KIND            VARCHAR(16)  NOT NULL,
    NOTIFICATION_ID VARCHAR(36),
    CONTENT_ID      VARCHAR(36),
    UNREAD_COUNT    BIGINT       NOT NULL,
    PAYLOAD         VARCHAR,
    CREATED_AT      TIMESTAMP    NOT NULL,
    CONSTRAINT TIDINGS_INBOX_EVENT_PK PRIMARY KEY (USER_ID, SEQ)
);

-- A publish call's answer by Idempotency-Key, so a retry gets the same answer.
CREATE TABLE TIDINGS_PUBLICATION (
    PUBLISHER_ID    VARCHAR(128) NOT NULL,
    IDEMPOTENCY_KEY VARCHAR(255) NOT NULL,
    REQUEST_HASH    VARCHAR(64)  NOT NULL,
    RESPONSE_JSON   VARCHAR      NOT NULL,
    CREATED_AT      TIMESTAMP    NOT NULL,
    CONSTRAINT TIDINGS_PUBLICATION_PK PRIMARY KEY (PUBLISHER_ID, IDEMPOTENCY_KEY)
);

-- Who liked what: one row per actor and object.
CREATE TABLE TIDINGS_LIKE (
    ACTOR_ID   VARCHAR(128) NOT NULL,
    OBJECT_ID  VARCHAR(128) NOT NULL,
    OWNER_ID   VARCHAR(128) NOT NULL,
    WHAT       VARCHAR(100) NOT NULL,
    CREATED_AT TIMESTAMP    NOT NULL,
    CONSTRAINT TIDINGS_LIKE_PK PRIMARY KEY (ACTOR_ID, OBJECT_ID)
);
-- Likes are looked up by object (who liked it, how many).
CREATE INDEX TIDINGS_LIKE_BY_OBJECT ON TIDINGS_LIKE (OBJECT_ID);
