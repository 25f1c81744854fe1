-- The bridge's durable state. Portable SQL: runs on SQLite and PostgreSQL.
-- Times are ISO-8601 UTC strings so that both engines sort and read them alike.

-- One row per order the bridge has seen, keyed by its idempotency key.
CREATE TABLE IF NOT EXISTS order_ledger (
    idempotency_key    VARCHAR(200) PRIMARY KEY,
    external_order_ids TEXT,          -- JSON array of strings
    source             VARCHAR(100) NOT NULL,
    source_file        TEXT NOT NULL,
    position           VARCHAR(40) NOT NULL,
    state              VARCHAR(20) NOT NULL,
    impilo_order_id    BIGINT,
    impilo_status      VARCHAR(40),
    reason             TEXT,
    first_seen_at      VARCHAR(40) NOT NULL,
    updated_at         VARCHAR(40) NOT NULL
);

CREATE INDEX IF NOT EXISTS order_ledger_impilo_id ON order_ledger (impilo_order_id);

-- One row per remote file a source has processed, keyed by its name, size and modification time, so that no file is
-- taken twice: not after a restart, and not when moving it away on the server failed or it was put back unchanged.
CREATE TABLE IF NOT EXISTS processed_file (
    source       VARCHAR(100) NOT NULL,
    file_key     VARCHAR(1000) NOT NULL,  -- <name>-<size>-<modified, epoch ms>
    processed_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (source, file_key)
);

-- The order feed: per Impilo order, the state last emitted to its partner (outbox and direct: endpoint).
-- A row is written only after the emission succeeded, so an order whose emission failed is offered again.
CREATE TABLE IF NOT EXISTS order_feed_state (
    impilo_order_id    BIGINT PRIMARY KEY,
    partner            VARCHAR(100) NOT NULL,
    fingerprint        VARCHAR(64) NOT NULL,  -- SHA-256 (hex) of what partners care about, see OrderFingerprint
    current_status     VARCHAR(40),
    emitted_at         VARCHAR(40) NOT NULL
);
