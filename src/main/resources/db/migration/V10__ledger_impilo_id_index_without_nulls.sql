-- Per-order cost (issue 18): an order in flight has no Impilo id yet, and the index of Impilo ids kept an entry for each
-- such NULL, at the other end of the index from the ids being added: beginning an order and recording its creation
-- changed two of the index's pages instead of one. Only orders with an Impilo id are looked up by it (a created
-- order by its id, the highest id), so the index keeps only those.
DROP INDEX order_ledger_impilo_id;
CREATE INDEX order_ledger_impilo_id ON order_ledger (impilo_order_id) WHERE impilo_order_id IS NOT NULL;
