-- One view over several instances (issue 17): with a shared store, every instance copies its audit events here, so
-- that trace run anywhere sees every instance's. The files in each data folder stay the trail of record; this copy is
-- written in batches a moment later. Times are epoch milliseconds.
CREATE TABLE audit_events (
    instance           VARCHAR(100)  NOT NULL,
    at                 BIGINT        NOT NULL,
    seq                BIGINT        NOT NULL,  -- the instance's own order of its events, for those of one millisecond
    event              VARCHAR(40)   NOT NULL,
    idempotency_key    VARCHAR(300),
    impilo_order_id    BIGINT,
    file_name          VARCHAR(1000),
    external_order_ids TEXT,
    line               TEXT          NOT NULL
);
CREATE INDEX audit_events_key ON audit_events (idempotency_key);
CREATE INDEX audit_events_impilo_id ON audit_events (impilo_order_id);
CREATE INDEX audit_events_file ON audit_events (file_name);
CREATE INDEX audit_events_at ON audit_events (at);

-- Each run of an instance says who it is; a clean stop clears it. A start that finds its own name still alive with
-- another run (two containers with the same host name and data path) is told apart from its own killed run by
-- whether that run still says it is alive.
ALTER TABLE bridge_instances ADD COLUMN run_id VARCHAR(40);
