-- EDI X12 ship notices (issue 16): per order the bridge created from an 850, where the partner's answers go (its
-- interchange's ids, version and separators) and what the 856 echoes (the PO number and lines), and whether its 856 was
-- sent, so that it is sent once.
CREATE TABLE x12_purchase_orders (
    idempotency_key    VARCHAR(300) PRIMARY KEY,
    source             VARCHAR(200) NOT NULL,
    reply_address      TEXT         NOT NULL,
    purchase_order     TEXT         NOT NULL,
    ship_notice_sent_at VARCHAR(40)
);
