-- A poll used to look at every live signal to find what the account had not been given yet: with a
-- five-minute TTL and ten signals a second that is thousands of rows per poll. Each account now keeps
-- a cursor: every signal with seq <= through_seq is settled for it (delivered to it, addressed to
-- another account, cancelled or expired), so a poll reads only the signals past the cursor. The row
-- is written only when the cursor moves: a poll that finds nothing stays read-only.
CREATE TABLE signal_account_cursors (
    account_id  text   PRIMARY KEY CHECK (length(account_id) BETWEEN 1 AND 64),
    through_seq bigint NOT NULL DEFAULT 0 CHECK (through_seq >= 0)
);

-- The cursor may only pass a seq once no signal with a lower seq can still appear. An identity value
-- is taken when the row is inserted but becomes visible at commit, so two creating transactions could
-- commit out of seq order and a poll in between would move the cursor past the late one. Inserts of
-- signals therefore take one transaction-level lock before any seq is drawn: locks are released only
-- after the commit is visible, so seq order is visibility order. Creation is rare (a few per second),
-- so the serialisation costs nothing that matters; it holds for inserts from any client, SQL included.
CREATE FUNCTION signals_serialise_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Two-int key space, distinct from the job locks' (job id, partition) pairs: 0x6d743573 = 'mt5s'.
    PERFORM pg_advisory_xact_lock(1836332403, 0);
    RETURN NULL;
END
$$;

CREATE TRIGGER signals_serialise_inserts
    BEFORE INSERT ON signals
    FOR EACH STATEMENT EXECUTE FUNCTION signals_serialise_inserts();
