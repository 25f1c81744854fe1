-- Several instances on one store (issue 17): a partner file is claimed by one instance at a time, for a lease that
-- the instance renews while it works; a claim whose lease ran out (its instance died) is taken over; a file done is
-- never claimed again. Times are epoch milliseconds, compared the same way on SQLite and PostgreSQL.
CREATE TABLE file_claims (
    source      VARCHAR(200)  NOT NULL,
    file_key    VARCHAR(1000) NOT NULL,
    instance    VARCHAR(100)  NOT NULL,
    lease_until BIGINT        NOT NULL,
    done        BOOLEAN       NOT NULL,
    PRIMARY KEY (source, file_key)
);
