-- Replay from any instance (issue 17): a replay asked on one host for the dead letters in another instance's data
-- folder waits here until that instance takes it (within seconds, while it runs) and says what it moved back. Times
-- are epoch milliseconds; the selection and the answer are JSON.
CREATE TABLE replay_requests (
    id         VARCHAR(40)   NOT NULL PRIMARY KEY,
    instance   VARCHAR(100)  NOT NULL,
    asked_at   BIGINT        NOT NULL,
    asked_by   VARCHAR(300)  NOT NULL,
    selection  TEXT          NOT NULL,
    taken_at   BIGINT,
    answer     TEXT
);
CREATE INDEX replay_requests_waiting ON replay_requests (instance, taken_at);
