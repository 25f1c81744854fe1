-- Several instances on one store (issue 17), part 3.
-- A file claim now lasts only while its file is at its source: the instance deletes it once the file has moved away
-- (or is given up), so a file with the same name dropped later is a new file. The done mark is no longer used.
ALTER TABLE file_claims DROP COLUMN done;

-- The instances that share the store, as each last said it was alive: the person on call sees which are.
CREATE TABLE bridge_instances (
    instance    VARCHAR(100)  PRIMARY KEY,
    host        VARCHAR(255)  NOT NULL,
    data_dir    VARCHAR(1000) NOT NULL,
    started_at  BIGINT        NOT NULL,
    seen_at     BIGINT        NOT NULL
);

-- Singleton work (the order feed's poll): one leader per namespace, for a lease it renews; a lease that ran out
-- (its leader died or lost the store) is taken by the next instance that asks.
CREATE TABLE leader_leases (
    namespace   VARCHAR(200)  PRIMARY KEY,
    instance    VARCHAR(100)  NOT NULL,
    lease_until BIGINT        NOT NULL
);
