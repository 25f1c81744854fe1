-- An order's identity belongs to its partner (issue 12). Every order is keyed by the bridge's own stamp,
-- bridge:<installation id>:<source>:<the partner's order id>, which it also carries among its externalOrderIds at
-- Impilo; the same order id from two partners is two orders.

-- The installation: one row, created once; its id names this bridge's stamps.
CREATE TABLE bridge_installation (
    id         VARCHAR(64) PRIMARY KEY,
    created_at VARCHAR(40) NOT NULL
);
INSERT INTO bridge_installation (id, created_at) VALUES ('${installationId}', '${now}');

-- Orders recorded before: re-keyed under their source; their old key stays, for finding at Impilo an order that an
-- attempt before the upgrade may have created without a stamp.
ALTER TABLE order_ledger ADD COLUMN legacy_key VARCHAR(200);
UPDATE order_ledger SET legacy_key = idempotency_key,
    idempotency_key = 'bridge:${installationId}:' || source || ':' || idempotency_key;
