"""Ledger integrity in the database itself.

* Every journal entry, at commit, has at least two postings, each in its
  account's currency, summing to zero per currency (deferred constraint
  triggers, so a service may insert the entry and then its postings).
* Entries and postings are append-only: UPDATE and DELETE are refused;
  corrections are reversing entries. TRUNCATE is allowed only in databases
  named ``test_*`` (Django empties tables between transactional tests) or
  when the table is empty, as for the evidence chain.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION finance_check_entry(p_entry bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    n integer;
    bad record;
BEGIN
    SELECT count(*) INTO n FROM finance_posting WHERE entry_id = p_entry;
    IF n < 2 THEN
        RAISE EXCEPTION 'journal entry % has % posting(s); at least 2 are required', p_entry, n
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT p.id, p.currency, a.currency AS account_currency INTO bad
      FROM finance_posting p JOIN finance_account a ON a.id = p.account_id
     WHERE p.entry_id = p_entry AND p.currency <> a.currency
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'posting % is in % but its account is in %',
            bad.id, bad.currency, bad.account_currency USING ERRCODE = 'check_violation';
    END IF;
    SELECT currency, sum(amount) AS total INTO bad
      FROM finance_posting WHERE entry_id = p_entry
     GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance in %: postings sum to %',
            p_entry, bad.currency, bad.total USING ERRCODE = 'check_violation';
    END IF;
END
$$;

CREATE FUNCTION finance_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'finance_journalentry' THEN
        PERFORM finance_check_entry(NEW.id);
    ELSE
        PERFORM finance_check_entry(NEW.entry_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER journalentry_balanced AFTER INSERT ON finance_journalentry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_entry_balanced();
CREATE CONSTRAINT TRIGGER posting_balanced AFTER INSERT ON finance_posting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION finance_entry_balanced();

CREATE FUNCTION finance_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    empty boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF current_database() LIKE 'test\_%' THEN
            RETURN NULL;
        END IF;
        EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO empty;
        IF empty THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Post a reversing entry instead.';
END
$$;

CREATE TRIGGER journalentry_append_only BEFORE UPDATE OR DELETE ON finance_journalentry
    FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
CREATE TRIGGER journalentry_no_truncate BEFORE TRUNCATE ON finance_journalentry
    FOR EACH STATEMENT EXECUTE FUNCTION finance_refuse_change();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON finance_posting
    FOR EACH ROW EXECUTE FUNCTION finance_refuse_change();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON finance_posting
    FOR EACH STATEMENT EXECUTE FUNCTION finance_refuse_change();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS posting_no_truncate ON finance_posting;
DROP TRIGGER IF EXISTS posting_append_only ON finance_posting;
DROP TRIGGER IF EXISTS journalentry_no_truncate ON finance_journalentry;
DROP TRIGGER IF EXISTS journalentry_append_only ON finance_journalentry;
DROP TRIGGER IF EXISTS posting_balanced ON finance_posting;
DROP TRIGGER IF EXISTS journalentry_balanced ON finance_journalentry;
DROP FUNCTION IF EXISTS finance_refuse_change();
DROP FUNCTION IF EXISTS finance_entry_balanced();
DROP FUNCTION IF EXISTS finance_check_entry(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
